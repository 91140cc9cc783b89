package dev.addons.core;

import java.util.Locale;

/** The platform names used for native file and folder names, like netty's: {@code linux_x86_64}. */
public final class Platform {

    private Platform() {
    }

    /** This JVM's platform, e.g. {@code linux_x86_64}; {@code os_arch} spelled plainly for others. */
    public static String current() {
        return os() + "_" + arch();
    }

    static String os() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
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

    static String arch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
            case "x86-64":
            case "em64t":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch_64";
            default:
                return arch.replaceAll("[^a-z0-9_]", "");
        }
    }

    /** The file name of the runtime library for this platform. */
    public static String runtimeLibraryName() {
        return "addonrt_" + current();
    }
}
