package dev.lrplan.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.CompiledSteps;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Psql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * switchover.read_only_roles with names an attacker or an odd schema would bring (quotes, a
 * backslash, a newline, braces and commas that mean something in an array literal, dollar quotes,
 * letters beyond ASCII): the compiled source-read-only and back-read-write steps, run with psql on
 * a real 13, set and reset exactly those roles' setting in that database.
 */
class ReadOnlyRoleNamesTest {
    @TempDir Path dir;

    @Test
    void hostileRoleNamesAreSetReadOnlyAndBackExactly() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "ro_names_src");
        Db tgt = Db.create(Clusters.shared("16"), "ro_names_tgt");
        String tag = src.name().replaceAll("[^0-9]", "");
        List<String> roles = new ArrayList<>();
        for (String base :
                List.of(
                        "we'ird",
                        "dq\"role",
                        "back\\slash",
                        "new\nline",
                        "{brace}",
                        "com,ma",
                        "sp ace",
                        "ünï",
                        "$$dollar$$",
                        "NULL")) {
            roles.add(base + " " + tag);
        }
        String ddl = "CREATE TABLE public.t (id int PRIMARY KEY);";
        src.exec(ddl);
        tgt.exec(ddl);
        for (String r : roles) {
            src.exec("CREATE ROLE " + dev.lrplan.sql.Sql.ident(r));
        }
        try {
            StringBuilder list = new StringBuilder();
            for (String r : roles) {
                list.append(list.length() == 0 ? "" : ", ")
                        .append('"')
                        .append(r.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                        .append('"');
            }
            Path plan = dir.resolve("plan.yaml");
            Files.writeString(
                    plan,
                    "plan: 1\nname: ro_names\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n"
                            + "switchover:\n  read_only_roles: ["
                            + list
                            + "]\n");
            Path out = dir.resolve("out");
            Cli compiled =
                    Cli.run(
                            Map.of("SRC", src.uri(), "DST", tgt.uri()),
                            "compile",
                            plan.toString(),
                            "-o",
                            out.toString());
            assertEquals(0, compiled.exit(), compiled.err());

            Psql.file(src, CompiledSteps.file(out, "source-read-only"), Map.of())
                    .assertOk("source-read-only");
            for (String r : roles) {
                assertEquals(
                        1,
                        src.queryLong(
                                "SELECT count(*) FROM pg_db_role_setting s JOIN pg_roles o ON o.oid ="
                                        + " s.setrole JOIN pg_database d ON d.oid = s.setdatabase"
                                        + " WHERE o.rolname = "
                                        + dev.lrplan.sql.Sql.literal(r)
                                        + " AND d.datname = current_database()"
                                        + " AND 'default_transaction_read_only=on' = ANY (s.setconfig)"),
                        "read-only: " + r);
            }
            assertEquals(
                    roles.size(),
                    src.queryLong(
                            "SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database()"),
                    "those roles, and nothing else");

            Psql.file(src, CompiledSteps.file(out, "back-read-write"), Map.of())
                    .assertOk("back-read-write");
            assertEquals(
                    0,
                    src.queryLong(
                            "SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database()"),
                    "every setting reset");
        } finally {
            for (String r : roles) {
                String id = dev.lrplan.sql.Sql.ident(r);
                src.exec(
                        "ALTER ROLE "
                                + id
                                + " IN DATABASE "
                                + src.name()
                                + " RESET ALL;"
                                + " DROP ROLE IF EXISTS "
                                + id);
            }
        }
    }
}
