package dev.lrplan.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * The operating-system account the server processes run as. PostgreSQL refuses to run as root, so
 * when the JVM is root the server runs as an unprivileged account (LRPLAN_SANDBOX_USER, else
 * "nobody") through setpriv, and owns its data directory; otherwise it runs as the JVM's own user.
 */
final class ServerAccount {
    private final String name; // null: the JVM's own account
    private final String uid;
    private final String gid;

    private ServerAccount(String name, String uid, String gid) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
    }

    static ServerAccount detect() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return new ServerAccount(null, null, null);
        }
        String user = System.getenv().getOrDefault("LRPLAN_SANDBOX_USER", "nobody");
        return new ServerAccount(
                user,
                Processes.output(List.of("id", "-u", user)).strip(),
                Processes.output(List.of("id", "-g", user)).strip());
    }

    /** The command, run as this account. */
    List<String> command(List<String> command) {
        if (name == null) {
            return command;
        }
        List<String> out =
                new ArrayList<>(
                        List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
        out.addAll(command);
        return out;
    }

    /** Gives the account a directory that the JVM created. */
    void own(Path dir) throws IOException {
        if (name == null) {
            return;
        }
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(lookup.lookupPrincipalByName(name));
        view.setGroup(
                lookup.lookupPrincipalByGroupName(
                        Processes.output(List.of("id", "-gn", name)).strip()));
    }
}
