package dev.lrplan.render;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;
import dev.lrplan.sql.SqlText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Mustache templates that give steps their SQL shape: the built-in ones (templates/ in the
 * jar), each overridable by a file of the same name in a user's folder. Strict: a template that
 * names a value the step does not have is an error, never blank output. HTML escaping is off:
 * values arrive quoted for SQL already.
 */
public final class Templates {
    private final DefaultMustacheFactory factory;

    private Templates(Path overrides) {
        this.factory = new Factory(overrides);
        factory.setObjectHandler(new StrictHandler());
    }

    public static Templates builtIn() {
        return new Templates(null);
    }

    public static Templates withOverrides(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TemplateException("template folder " + dir + " does not exist");
        }
        return new Templates(dir);
    }

    public String render(String template, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        render(template, model, out);
        return out.toString();
    }

    /** Renders a template with a model into {@code out}. */
    public void render(String template, Map<String, Object> model, java.io.Writer out) {
        Mustache m;
        try {
            m = factory.compile(template + ".mustache");
        } catch (MustacheException e) {
            throw new TemplateException("template " + template + ".mustache: " + rootMessage(e));
        }
        try {
            m.execute(out, List.of(model)).flush();
        } catch (MustacheException e) {
            throw new TemplateException("template " + template + ".mustache: " + rootMessage(e));
        } catch (IOException e) {
            throw new TemplateException("template " + template + ".mustache: " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Thrown for a missing or broken template, or one that names an unknown value. */
    public static final class TemplateException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TemplateException(String message) {
            super(message);
        }
    }

    private static final class Factory extends DefaultMustacheFactory {
        private final Path overrides;

        Factory(Path overrides) {
            super("lrplan/templates");
            this.overrides = overrides;
        }

        @Override
        public Reader getReader(String resourceName) {
            String name =
                    resourceName.startsWith("lrplan/templates/")
                            ? resourceName.substring("lrplan/templates/".length())
                            : resourceName;
            if (!name.endsWith(".mustache")) {
                name = name + ".mustache";
            }
            if (overrides != null) {
                Path p = overrides.resolve(name);
                if (Files.isRegularFile(p)) {
                    try {
                        return Files.newBufferedReader(p, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new MustacheException("cannot read " + p, e);
                    }
                }
            }
            InputStream in = Templates.class.getResourceAsStream("/lrplan/templates/" + name);
            if (in == null) {
                throw new MustacheException("no template named " + name);
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String resolvePartialPath(String dir, String name, String extension) {
            return name + extension;
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new MustacheException(e);
            }
        }
    }

    /**
     * Fails on a name no scope has, and on a value that is not typed SQL text: a template can print
     * an identifier, a literal, comment text, a type name or a fragment built of those, and nothing
     * else. The built-in "first"/"last" item flags are ordinary values.
     */
    private static final class StrictHandler extends ReflectionObjectHandler {
        @Override
        public String stringify(Object object) {
            if (object instanceof SqlText t) {
                return t.sql();
            }
            throw new MustacheException(
                    "a template printed an untyped value ("
                            + object.getClass().getSimpleName()
                            + "); values reach templates only as identifiers, literals, comment text or type names");
        }

        @Override
        public Wrapper find(String name, List<Object> scopes) {
            Wrapper w = super.find(name, scopes);
            if (w instanceof MissingWrapper && !name.equals(".")) {
                throw new MustacheException("unknown value {{" + name + "}}");
            }
            return w;
        }
    }
}
