package dev.lrplan.compile.strategy;

import dev.lrplan.capability.Capabilities;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.DroppedOption;
import dev.lrplan.compile.step.Model;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Literal;
import dev.lrplan.sql.SqlText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan's subscription options that both ends of one subscription support; the rest are recorded
 * as dropped.
 */
final class SubscriptionOptions {
    private SubscriptionOptions() {}

    static Map<String, Object> option(String name, SqlText value) {
        return Model.of().put("name", Fragment.keyword(name)).put("value", value).build();
    }

    static List<Map<String, Object>> of(
            CompileContext c, String subscription, int publisher, int subscriber, boolean forward) {
        Map<String, String> asked = c.plan().replication().options();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, String> e : asked.entrySet()) {
            if (e.getKey().equals("binary")) {
                continue;
            }
            Capabilities.SubscriptionOption o =
                    Capabilities.SubscriptionOption.named(e.getKey()).orElseThrow();
            Optional<String> why = Capabilities.unsupported(o, e.getValue(), publisher, subscriber);
            Optional<String> instead =
                    Capabilities.fallback(o, e.getValue(), publisher, subscriber);
            if (why.isPresent() && instead.isPresent()) {
                c.drop(
                        new DroppedOption(
                                subscription,
                                e.getKey(),
                                e.getValue(),
                                why.get()
                                        + "; "
                                        + e.getKey()
                                        + " = "
                                        + instead.get()
                                        + " instead"));
                out.add(option(e.getKey(), value(instead.get())));
            } else if (why.isPresent()) {
                c.drop(new DroppedOption(subscription, e.getKey(), e.getValue(), why.get()));
            } else {
                out.add(option(e.getKey(), value(e.getValue())));
            }
        }
        if (forward && c.diff().binary()) {
            out.add(option("binary", Fragment.keyword("true")));
        } else if (forward && asked.containsKey("binary") && !asked.get("binary").equals("false")) {
            c.drop(
                    new DroppedOption(
                            subscription,
                            "binary",
                            asked.get("binary"),
                            Capabilities.unsupported(
                                            Capabilities.SubscriptionOption.BINARY,
                                            "true",
                                            publisher,
                                            subscriber)
                                    .orElse(
                                            "column types differ between the clusters; binary transfer needs identical types")));
        }
        out.sort(Comparator.comparing(m -> m.get("name").toString()));
        return out;
    }

    private static SqlText value(String v) {
        return v.equals("true") || v.equals("false") ? Fragment.keyword(v) : Literal.of(v);
    }
}
