package dev.addons.resolve;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import aQute.bnd.build.model.clauses.VersionedClause;
import aQute.bnd.osgi.repository.SimpleIndexer;
import biz.aQute.resolve.Bndrun;
import biz.aQute.resolve.RunResolution;

/**
 * One resolution as bnd-resolver-maven-plugin does it for a .bndrun: a standalone run descriptor (Felix, Java 17)
 * whose only repository is an index of some of the build's bundles.
 */
final class Resolution {

    /** The build's bundles, copied there by the pom (file name = artifact id + ".jar"). */
    static final Path BUNDLES = Path.of(System.getProperty("resolve.bundles.dir", "target/bundles"));

    final RunResolution result;
    final String report;

    private Resolution(RunResolution result, String report) {
        this.result = result;
        this.report = report;
    }

    /**
     * Resolves {@code runrequires} against a repository holding the build's bundles less {@code leftOut}
     * (artifact ids). {@code work} receives the index and the .bndrun.
     */
    static Resolution of(Path work, String runrequires, Set<String> leftOut) throws Exception {
        List<File> jars;
        try (Stream<Path> files = Files.list(BUNDLES)) {
            jars = files.filter(f -> f.toString().endsWith(".jar"))
                    .filter(f -> !leftOut.contains(f.getFileName().toString().replaceFirst("\\.jar$", "")))
                    .map(Path::toFile)
                    .sorted()
                    .collect(Collectors.toList());
        }
        if (jars.isEmpty()) {
            throw new IOException("no bundles in " + BUNDLES + " (the pom copies them there)");
        }
        Path index = work.resolve("index.xml");
        new SimpleIndexer().files(jars).base(work.toUri()).name("build").index(index.toFile());
        return resolve(work, index.toUri().toString(), runrequires);
    }

    /**
     * Resolves {@code runrequires} against a given repository index (addon.index's published one) plus an index of
     * the framework alone, which a repository of addons does not carry.
     */
    static Resolution against(Path work, Path index, String runrequires) throws Exception {
        return against(work, index, List.of(), runrequires);
    }

    /**
     * As {@link #against(Path, Path, String)}, with {@code more} bundles (the application's, say) in the
     * framework's index.
     */
    static Resolution against(Path work, Path index, List<File> more, String runrequires) throws Exception {
        if (!Files.isRegularFile(index)) {
            throw new IOException("no repository index at " + index + " (the pom copies addon.index's there)");
        }
        List<File> local = new ArrayList<>(more);
        local.add(BUNDLES.resolve("org.apache.felix.framework.jar").toFile());
        Path localIndex = work.resolve("local-index.xml");
        new SimpleIndexer().files(local).base(work.toUri()).name("local").index(localIndex.toFile());
        return resolve(work, index.toUri() + "," + localIndex.toUri(), runrequires);
    }

    private static Resolution resolve(Path work, String standalone, String runrequires) throws Exception {
        Path bndrun = work.resolve("resolve.bndrun");
        Files.writeString(bndrun, String.join("\n",
                "-standalone: " + standalone,
                "-runfw: org.apache.felix.framework",
                "-runee: JavaSE-17",
                "-resolve.effective: active",
                "-runrequires: " + runrequires,
                ""));
        try (Bndrun run = Bndrun.createBndrun(null, bndrun.toFile())) {
            RunResolution result = run.resolve();
            String report = result.isOK() ? result.report(false) : String.valueOf(result.exception);
            if (!run.isOk()) {
                report += "\nbnd reported: " + run.getErrors();
            }
            return new Resolution(result, report);
        }
    }

    boolean isOK() {
        return result.isOK();
    }

    /** The symbolic names of the resolved run bundles, in bnd's order. */
    List<String> runBundles() {
        return result.getRunBundles().stream().map(VersionedClause::getName).collect(Collectors.toList());
    }
}
