package dev.addons.demo.app;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The application's main program, run by the bnd launcher on the JVM's main thread: the scenario, then (on a
 * terminal, or with {@code --shell}) the Gogo console until the user leaves it. The exit status is 0 only if the
 * scenario saw nothing wrong (no leak).
 */
public final class DemoApplication implements Callable<Integer> {

    /** Bundles the application carries, offered to the console's {@code install}. */
    static final List<String> EMBEDDED = List.of("instancedata.jar", "cleanuphooks.jar");

    private final BundleContext context;
    private final List<String> arguments;

    DemoApplication(BundleContext context, List<String> arguments) {
        this.context = context;
        this.arguments = List.copyOf(arguments);
    }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Options options;
        try {
            options = Options.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println("addon-demo: " + e.getMessage());
            System.err.println(Options.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(Options.USAGE);
            return 0;
        }
        boolean terminal = Terminal.interactive();
        boolean shell = options.shell() != null ? options.shell() : terminal;
        int status;
        try {
            status = new Scenario(context, out, terminal).run(options) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("addon-demo: the scenario failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        if (shell) {
            try {
                console(out);
            } catch (Exception e) {
                System.err.println("addon-demo: the console failed: " + e);
                e.printStackTrace();
                return status == 0 ? 1 : status;
            }
        }
        return status;
    }

    /** The interactive Gogo console on this process's terminal, until Ctrl-D (end of input) or {@code stop 0}. */
    private void console(PrintStream out) throws Exception {
        StringBuilder files = new StringBuilder();
        for (String name : EMBEDDED) {
            files.append(System.lineSeparator()).append("  install ").append(extract(name).toUri());
        }
        out.println();
        out.println("== Gogo console ==");
        out.println("Try: lb, addon:contexts, addon:modules, addon:call multiple_load increment,"
                + " addon:cycle <bundle id> 100, help addon:call; start, stop, uninstall, refresh <bundle id>."
                + " Leave with Ctrl-D or stop 0.");
        out.println("The example addon bundles, to install again:" + files);
        ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(context,
                CommandProcessor.class, null);
        tracker.open();
        try {
            CommandProcessor processor = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
            if (processor == null) {
                throw new IllegalStateException("no Gogo CommandProcessor service within 30 s");
            }
            // The process's own descriptors, as the Gogo shell bundle does (System.out may be Gogo's per-thread
            // stream); the console must not close them.
            InputStream in = new FileInputStream(FileDescriptor.in);
            PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
            PrintStream errors = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
            CommandSession session = processor.createSession(in, console, errors);
            try {
                session.execute("gosh --login --noshutdown");
            } finally {
                session.close();
            }
        } finally {
            tracker.close();
        }
    }

    /** Writes an embedded bundle to this bundle's data area and returns the file. */
    private Path extract(String name) throws IOException {
        Path file = context.getDataFile("bundles").toPath().resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = context.getBundle().getEntry("bundles/" + name).openStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
