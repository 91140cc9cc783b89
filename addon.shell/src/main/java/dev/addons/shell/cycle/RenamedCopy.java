package dev.addons.shell.cycle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.osgi.framework.Constants;

/**
 * A copy of a bundle jar under another symbolic name. The cycles install copies of a bundle that may still be
 * installed: under its own name and version, frameworks that refuse duplicates (Equinox and Felix with
 * {@code org.osgi.framework.bsnversion=single} or {@code managed}, the default, and so Karaf) refuse the copy. A copy
 * named {@code <name>.cycle.<n>} installs everywhere; its code, modules and headers are otherwise the original's.
 */
final class RenamedCopy {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private RenamedCopy() {
    }

    /** The symbolic name of the copy for cycle {@code cycle}. */
    static String derivedName(String symbolicName, int cycle) {
        return symbolicName + ".cycle." + cycle;
    }

    /**
     * {@code jar} with its {@code Bundle-SymbolicName} (the name, not its directives such as {@code singleton})
     * replaced by {@link #derivedName}; the manifest first, as {@code JarInputStream} readers expect.
     */
    static byte[] of(byte[] jar, int cycle, String description) throws IOException {
        Manifest manifest = null;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equalsIgnoreCase(MANIFEST)) {
                    manifest = new Manifest(in);
                }
            }
        }
        if (manifest == null) {
            throw new IOException(description + " is not a bundle: no " + MANIFEST);
        }
        Attributes main = manifest.getMainAttributes();
        String header = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (header == null || header.isBlank()) {
            throw new IOException(description + " has no " + Constants.BUNDLE_SYMBOLICNAME + " header");
        }
        int semicolon = header.indexOf(';');
        String name = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, derivedName(name, cycle)
                + (semicolon < 0 ? "" : header.substring(semicolon)));
        try (JarOutputStream out = new JarOutputStream(copy, manifest);
                ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equalsIgnoreCase(MANIFEST) || e.getName().equalsIgnoreCase("META-INF/")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        return copy.toByteArray();
    }
}
