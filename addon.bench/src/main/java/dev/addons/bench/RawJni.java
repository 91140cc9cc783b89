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

    /** Bytes allocated with malloc and not yet freed, all arenas (glibc {@code mallinfo2}). */
    public static native long mallocInUse();

    /** Bytes the C heap holds from the system, in use or free (glibc {@code mallinfo2}: arena + hblkhd). */
    public static native long mallocHeld();

    /** glibc {@code malloc_trim(0)}: returns free C heap pages to the system. */
    public static native void mallocTrim();
}
