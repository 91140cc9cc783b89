package dev.addons.bench;

/** The bench addon's exports as a bound interface: every method takes the primitive fast path. */
public interface BenchAddon {

    int add(int a, int b);

    void noop();

    /** Calls {@code add} n times from C through {@code napi_call_function}; answers the sum. */
    int addLoop(int n);
}
