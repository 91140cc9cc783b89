package dev.addons.core;

import java.util.Locale;

/**
 * The platform names used for native file and folder names: {@code os_arch}, e.g. {@code linux_x86_64} and
 * {@code linux_aarch64} (the GNU spelling of the architecture, as Debian's cross toolchains name it). They must
 * match the folders addon.native's bnd.bnd ships ({@code native/<platform>/libaddonrt_<platform>.so}).
 */
public final class Platform {

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

    static String os(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("linux")) {
            return "linux";
        }
        if (name.startsWith("mac")) {
            return "osx";
        }
        if (name.startsWith("windows")) {
            return "windows";
        }
        return name.replaceAll("[^a-z0-9]", "");
    }

    static String arch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
            case "x86-64":
            case "em64t":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch64";
            default:
                return arch.replaceAll("[^a-z0-9_]", "");
        }
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
