package dev.lrplan.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON configuration for the documents lrplan writes and reads (manifests, reports,
 * status): two-space indentation with one element per line, keys in the order they were put.
 * Catalog snapshots keep their own strict mapper in {@code catalog.Snapshots}, since they map
 * records field by field.
 */
public final class Json {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);
    private static final ObjectWriter WRITER =
            MAPPER.writer(
                    new DefaultPrettyPrinter()
                            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private Json() {}

    /** The document as text, without a trailing line break. */
    public static String write(Object document) {
        try {
            return WRITER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "a document of maps, lists and values always serializes", e);
        }
    }

    /** The document in these bytes; a JacksonException says where it is malformed. */
    public static JsonNode read(byte[] bytes) throws java.io.IOException {
        return MAPPER.readTree(bytes);
    }

    /** Is this exception a malformed document (as opposed to an I/O failure)? */
    public static boolean malformed(Exception e) {
        return e instanceof JacksonException;
    }
}
