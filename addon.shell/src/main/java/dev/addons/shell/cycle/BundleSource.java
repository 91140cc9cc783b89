package dev.addons.shell.cycle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

import dev.addons.api.AddonConstants;

/** The bytes the cycles install, where they came from, and what their manifest declares. */
public record BundleSource(String description, String location, byte[] content) {

    public BundleSource {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The bytes to install, not copied: for the runner, which does not change them. */
    InputStream open() {
        return new ByteArrayInputStream(content);
    }

    /** Reads the bundle at {@code location} (a URL) once. */
    public static BundleSource ofLocation(String location) throws IOException {
        try (InputStream in = new URL(location).openStream()) {
            return new BundleSource(location, location, in.readAllBytes());
        }
    }

    /** Reads {@code in} (a bundle jar) once. */
    public static BundleSource of(String description, String location, InputStream in) throws IOException {
        return new BundleSource(description, location, in.readAllBytes());
    }

    /**
     * A copy of an installed bundle: its own entries (not those of attached fragments) in a new jar, manifest
     * first.
     */
    public static BundleSource ofBundle(Bundle bundle) throws IOException {
        URL manifestEntry = bundle.getEntry("META-INF/MANIFEST.MF");
        if (manifestEntry == null) {
            throw new IOException("bundle " + name(bundle) + " has no META-INF/MANIFEST.MF entry");
        }
        Manifest manifest;
        try (InputStream in = manifestEntry.openStream()) {
            manifest = new Manifest(in);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            copyEntries(bundle, "/", jar);
        }
        return new BundleSource("a copy of bundle " + name(bundle), bundle.getLocation(), bytes.toByteArray());
    }

    private static void copyEntries(Bundle bundle, String dir, JarOutputStream jar) throws IOException {
        Enumeration<String> paths = bundle.getEntryPaths(dir);
        if (paths == null) {
            return;
        }
        List<String> sorted = new ArrayList<>();
        paths.asIterator().forEachRemaining(sorted::add);
        sorted.sort(null);
        for (String path : sorted) {
            String name = path.startsWith("/") ? path.substring(1) : path;
            if (name.isEmpty() || name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                continue;
            }
            jar.putNextEntry(new JarEntry(name));
            if (!name.endsWith("/")) {
                URL entry = bundle.getEntry(name);
                try (InputStream in = entry.openStream()) {
                    in.transferTo(jar);
                }
            }
            jar.closeEntry();
            if (name.endsWith("/")) {
                copyEntries(bundle, name, jar);
            }
        }
    }

    /** The manifest of the bytes. */
    public Manifest manifest() throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    return new Manifest(zip);
                }
            }
        }
        throw new IOException(description + " is not a bundle: no META-INF/MANIFEST.MF");
    }

    /** Symbolic name and version of the bundle, as the report names it: {@code name version}. */
    public String bundleName() throws IOException {
        Manifest manifest = manifest();
        String bsn = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        String version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
        return (bsn == null ? "?" : bsn.split(";", 2)[0].trim()) + (version == null ? "" : " " + version);
    }

    /** The module names of the {@code Addon-Module} header, in order; empty if there is none. */
    public List<String> moduleNames() throws IOException {
        String header = manifest().getMainAttributes().getValue(AddonConstants.ADDON_MODULE_HEADER);
        Set<String> names = new LinkedHashSet<>();
        if (header != null) {
            boolean quoted = false;
            StringBuilder clause = new StringBuilder();
            for (char c : (header + ",").toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                }
                if (c == ',' && !quoted) {
                    String name = clause.toString().split(";", 2)[0].trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                    clause.setLength(0);
                } else {
                    clause.append(c);
                }
            }
        }
        return List.copyOf(names);
    }

    static String name(Bundle bundle) {
        return bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]";
    }
}
