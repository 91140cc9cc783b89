package dev.addons.core;

import static java.util.Map.entry;

import java.util.Locale;
import java.util.Map;

/**
 * The platform names of this runtime: the OSGi alias tables that {@code Addon-Module} clauses are matched with, and
 * the names used for native file and folder names: {@code os_arch}, e.g. {@code linux_x86_64} and
 * {@code linux_aarch64} (the GNU spelling of the architecture, as Debian's cross toolchains name it). They must match
 * the folders addon.native's bnd.bnd ships ({@code native/<platform>/libaddonrt_<platform>.so}).
 */
public final class Platform {

    /**
     * The OSGi processor aliases (Core spec, "Bundle-NativeCode", environment table) with the JVM's {@code os.arch}
     * spellings: every name a processor goes by, mapped to its canonical OSGi name. The one table of them.
     */
    static final Map<String, String> PROCESSOR_ALIASES = Map.ofEntries(
            entry("x86-64", "x86-64"), entry("amd64", "x86-64"), entry("em64t", "x86-64"), entry("x86_64", "x86-64"),
            entry("aarch64", "aarch64"), entry("arm64", "aarch64"),
            entry("x86", "x86"), entry("pentium", "x86"), entry("i386", "x86"), entry("i486", "x86"),
            entry("i586", "x86"), entry("i686", "x86"));

    /** The file-name spelling of canonical processors whose OSGi name is not one. */
    private static final Map<String, String> PROCESSOR_FILE_NAMES = Map.of("x86-64", "x86_64", "aarch64", "aarch64");

    private Platform() {
    }

    /** This JVM's platform, e.g. {@code linux_x86_64}; {@code os_arch} spelled plainly for others. */
    public static String current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** The platform of a JVM whose {@code os.name} and {@code os.arch} are these. */
    static String of(String osName, String osArch) {
        return os(osName) + "_" + arch(osArch);
    }

    /**
     * The canonical OSGi name of a processor ({@code org.osgi.framework.processor} or a clause's {@code processor}):
     * {@code amd64}, {@code em64t} and {@code x86_64} are {@code x86-64}, {@code arm64} is {@code aarch64}; a name
     * the table does not know is itself, lower case.
     */
    public static String canonicalProcessor(String processor) {
        String name = processor == null ? "" : processor.toLowerCase(Locale.ROOT);
        return PROCESSOR_ALIASES.getOrDefault(name, name);
    }

    /**
     * The canonical OSGi name of an operating system ({@code org.osgi.framework.os.name}, {@code os.name} or a
     * clause's {@code osname}): {@code linux}, {@code macosx}, {@code windows}, or the name itself, lower case.
     */
    public static String canonicalOs(String osname) {
        String name = osname == null ? "" : osname.toLowerCase(Locale.ROOT);
        if (name.startsWith("linux")) {
            return "linux";
        }
        if (name.startsWith("mac") || name.equals("osx")) {
            return "macosx";
        }
        if (name.startsWith("win")) {
            return "windows";
        }
        return name;
    }

    /** The file-name spelling of an {@code os.name}: {@code linux}, {@code osx}, {@code windows}, ... */
    static String os(String osName) {
        String canonical = canonicalOs(osName);
        return canonical.equals("macosx") ? "osx" : canonical.replaceAll("[^a-z0-9]", "");
    }

    /** The file-name spelling of an {@code os.arch}: {@code x86_64}, {@code aarch64}, ... */
    static String arch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        String fileName = PROCESSOR_FILE_NAMES.get(canonicalProcessor(arch));
        return fileName != null ? fileName : arch.replaceAll("[^a-z0-9_]", "");
    }

    /** The file name of the runtime library for this platform. */
    public static String runtimeLibraryName() {
        return runtimeLibraryName(current());
    }

    static String runtimeLibraryName(String platform) {
        return "addonrt_" + platform;
    }

    /** Where addon.native carries the runtime library of a platform, relative to the jar's root. */
    static String runtimeLibraryPath(String platform) {
        return "native/" + platform + "/lib" + runtimeLibraryName(platform) + ".so";
    }
}
