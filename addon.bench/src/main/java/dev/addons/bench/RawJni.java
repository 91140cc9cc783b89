package dev.addons.bench;

/** The baseline: the bench addon's addition as one plain static JNI method. */
public final class RawJni {

    static {
        System.load(BenchFiles.rawJniLibrary().toString());
    }

    private RawJni() {
    }

    /** Loads the library (class initialization does it). */
    public static void load() {
    }

    public static native int add(int a, int b);
}
