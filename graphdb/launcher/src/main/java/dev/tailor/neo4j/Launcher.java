package dev.tailor.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.server.BlockingBootstrapper;
import org.neo4j.server.Bootstrapper;
import org.neo4j.server.CommunityBootstrapper;

import picocli.CommandLine;

/**
 * Runs Neo4j 5.26 Community as a foreground server for Tailor, without Docker
 * or a Neo4j distribution. The server classes come from the Maven artifact
 * org.neo4j:neo4j, whose jars "mvn package" copies into target/lib.
 *
 * <p>The server listens only on 127.0.0.1: Bolt on --bolt-port and HTTP on
 * --http-port (the HTTP Query API at /db/neo4j/query/v2 and the transactional
 * endpoint at /db/neo4j/tx). HTTPS and usage reporting are off. Data,
 * transaction logs and Neo4j's own logs live under --home, and Neo4j's user
 * log also goes to standard output.
 *
 * <p>Authentication is off unless --password-file names a file. Then auth is
 * on, and before the first start the launcher sets the initial password of
 * the user neo4j with Neo4j's set-initial-password command, run in this JVM
 * so that the password never appears in a process listing. An existing
 * database folder keeps the users it already has.
 *
 * <p>SIGTERM and SIGINT stop the server cleanly and exit with status 0,
 * because NeoBootstrapper installs handlers for both that call System.exit(0)
 * and a shutdown hook that shuts the DBMS down.
 *
 * <p>Neo4j Browser is not served. The artifact org.neo4j.client:neo4j-browser
 * has no 5.26 release on Maven Central (the newest there is 5.24.0), so
 * /browser returns 404.
 *
 * <p>Exit status: 0 after a clean stop, 64 for invalid arguments, 65 when the
 * password cannot be set, 70 when the bootstrapper throws (for example on an
 * invalid setting value), otherwise NeoBootstrapper's status (1 for a web
 * server error, 2 for a database start error, 3 for invalid configuration).
 */
public final class Launcher {
    private static final String NAME = "tailor-neo4j-launcher";

    // These lie outside NeoBootstrapper's statuses 0 to 4 and follow
    // sysexits.h: EX_USAGE, EX_DATAERR and EX_SOFTWARE.
    private static final int EXIT_USAGE = 64;
    private static final int EXIT_PASSWORD = 65;
    private static final int EXIT_START = 70;

    private static final String USAGE = String.join(
            "\n",
            "Usage: java -cp 'target/classes:target/lib/*' dev.tailor.neo4j.Launcher --home DIR [options]",
            "",
            "Options:",
            "  --home DIR            folder for data, transaction logs and Neo4j logs (required)",
            "  --bolt-port N         TCP port of the Bolt connector on 127.0.0.1 (default 7687)",
            "  --http-port N         TCP port of the HTTP connector on 127.0.0.1 (default 7474)",
            "  --pagecache SIZE      page cache size with a unit, such as 512m or 2g (default 512m)",
            "  --password-file FILE  file whose first line is the password of the user neo4j;",
            "                        turns authentication on (default: authentication off)",
            "  --help                print this help");

    /** Command-line settings after parsing and validation. */
    private record Options(Path home, int boltPort, int httpPort, String pageCache, Path passwordFile) {}

    private Launcher() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.err.println(USAGE);
            System.exit(EXIT_USAGE);
            return;
        }

        if (options == null) {
            System.out.println(USAGE);
            return;
        }

        if (options.passwordFile() != null) {
            try {
                setInitialPassword(options.home(), readPassword(options.passwordFile()));
            } catch (IOException e) {
                System.err.println(NAME + ": read the password file: " + e);
                System.exit(EXIT_PASSWORD);
                return;
            } catch (IllegalStateException e) {
                System.err.println(NAME + ": set the initial password: " + e.getMessage());
                System.exit(EXIT_PASSWORD);
                return;
            }
        }

        System.out.printf(
                "%s: starting Neo4j with home %s, Bolt on 127.0.0.1:%d, HTTP on 127.0.0.1:%d%n",
                NAME, options.home(), options.boltPort(), options.httpPort());

        // BlockingBootstrapper returns only after the server stops or fails
        // to start. The last argument false selects console mode, in which
        // Neo4j writes its user log to standard output and logs/neo4j.log.
        Bootstrapper bootstrapper = new BlockingBootstrapper(new CommunityBootstrapper());
        Path configFile = null; // no neo4j.conf: settings() is the whole configuration
        int status;
        try {
            status = bootstrapper.start(options.home(), configFile, settings(options), false, false);
        } catch (RuntimeException e) {
            System.err.println(NAME + ": start Neo4j: " + e);
            e.printStackTrace();
            status = EXIT_START;
        }

        System.exit(status);
    }

    /** Returns the parsed options, or null when --help was given. */
    private static Options parse(String[] args) {
        Path home = null;
        int boltPort = 7687;
        int httpPort = 7474;
        String pageCache = "512m";
        Path passwordFile = null;

        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;

            int equals = flag.indexOf('=');
            if (flag.startsWith("--") && equals > 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            }

            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }

            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + flag + "; pass it as " + flag + " VALUE");
                }
                value = args[++i];
            }

            switch (flag) {
                case "--home" -> home = Path.of(value).toAbsolutePath();
                case "--bolt-port" -> boltPort = parsePort(flag, value);
                case "--http-port" -> httpPort = parsePort(flag, value);
                case "--pagecache" -> pageCache = parseSize(flag, value);
                case "--password-file" -> passwordFile = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag + "; see the usage below");
            }
        }

        if (home == null) {
            throw new IllegalArgumentException("missing --home; pass the folder for the server's data and logs");
        }

        if (boltPort == httpPort) {
            throw new IllegalArgumentException(
                    "--bolt-port and --http-port are both " + boltPort + "; pick two different ports");
        }

        return new Options(home, boltPort, httpPort, pageCache, passwordFile);
    }

    private static int parsePort(String flag, String value) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " " + value + " is not a number; pass a TCP port from 1 to 65535");
        }

        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(flag + " " + port + " is out of range; pass a TCP port from 1 to 65535");
        }

        return port;
    }

    private static String parseSize(String flag, String value) {
        if (!value.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException(
                    flag + " " + value + " is invalid; pass bytes with an optional k, m or g suffix, such as 512m");
        }

        return value;
    }

    /** Returns the Neo4j settings that override the defaults for this server. */
    private static Map<String, String> settings(Options options) {
        String bolt = "127.0.0.1:" + options.boltPort();
        String http = "127.0.0.1:" + options.httpPort();

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.default_listen_address", "127.0.0.1");
        settings.put("server.default_advertised_address", "127.0.0.1");

        settings.put("server.bolt.enabled", "true");
        settings.put("server.bolt.listen_address", bolt);
        settings.put("server.bolt.advertised_address", bolt);
        settings.put("server.bolt.tls_level", "DISABLED");

        settings.put("server.http.enabled", "true");
        settings.put("server.http.listen_address", http);
        settings.put("server.http.advertised_address", http);
        settings.put("server.https.enabled", "false");

        // Neo4j stops its databases before Bolt, so the Netty quiet period
        // (whole seconds) only delays the exit. With the default of 5 s, spent
        // twice, a stop of 5.26.30 took about 11 s; with 1 s it takes 2 to 3 s.
        // NOTE: an internal setting of 5.26 that later versions may rename or drop.
        settings.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "1");

        settings.put("dbms.usage_report.enabled", "false");
        settings.put("server.memory.pagecache.size", options.pageCache());
        settings.put("dbms.security.auth_enabled", Boolean.toString(options.passwordFile() != null));

        return settings;
    }

    /** Reads the first line of the password file, without its line ending. */
    private static String readPassword(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);

        int newline = content.indexOf('\n');
        String password = newline >= 0 ? content.substring(0, newline) : content;
        if (password.endsWith("\r")) {
            password = password.substring(0, password.length() - 1);
        }

        if (password.isEmpty()) {
            throw new IllegalStateException("password file " + file + " is empty; write the password on its first line");
        }

        return password;
    }

    /**
     * Sets the password of the user neo4j unless the system database exists,
     * because Neo4j reads the initial password only when it creates that
     * database.
     */
    private static void setInitialPassword(Path home, String password) {
        Path systemDatabase = home.resolve("data").resolve("databases").resolve("system");
        if (Files.isDirectory(systemDatabase)) {
            System.out.printf(
                    "%s: %s exists, so Neo4j keeps the users stored there and the password file is ignored%n",
                    NAME, systemDatabase);
            return;
        }

        ExecutionContext context = new ExecutionContext(home, home.resolve("conf"));
        CommandLine command = new CommandLine(new SetInitialPasswordCommand(context));

        int status = command.execute(password);
        if (status != 0) {
            throw new IllegalStateException(
                    "set-initial-password failed with status " + status + "; see the message above");
        }
    }
}
