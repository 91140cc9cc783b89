package dev.addons.core;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.ModuleSpec;

/** The Java face of a {@link ModuleInstance}; every call goes through its context's serialization. */
final class AddonImpl implements Addon {

    private final ContextImpl context;
    final ModuleInstance instance;
    private final Set<String> exportNames;
    /**
     * What {@link #bind} made, one implementation per interface: a bind makes a hidden class and resolves every
     * export, so binding again is a lookup. Guarded by the context's lock; dropped when the context closes, so that
     * the interfaces' class loaders are not kept by a closed context.
     */
    private final Map<Class<?>, Object> bindings = new HashMap<>();

    AddonImpl(ContextImpl context, ModuleInstance instance) {
        this.context = context;
        this.instance = instance;
        this.exportNames = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(instance.exportNames));
    }

    @Override
    public String moduleName() {
        return instance.spec.name();
    }

    @Override
    public ModuleSpec spec() {
        return instance.spec;
    }

    @Override
    public AddonContext context() {
        return context;
    }

    /** The implementation of {@code api} bound to this addon, made by {@code bind} the first time. */
    <T> T binding(Class<T> api) {
        Object made = bindings.get(api);
        if (made == null) {
            made = Binder.bind(this, api);
            bindings.put(api, made);
        }
        return api.cast(made);
    }

    void forgetBindings() {
        bindings.clear();
    }

    ContextImpl owner() {
        return context;
    }

    @Override
    public Set<String> exportNames() {
        return exportNames;
    }

    @Override
    public Object call(String function, Object... args) {
        java.util.Objects.requireNonNull(function, "function");
        return context.call(this, function, args);
    }

    @Override
    public <T> T bind(Class<T> api) {
        java.util.Objects.requireNonNull(api, "api");
        return context.bind(this, api);
    }

    @Override
    public Object get(String name) {
        java.util.Objects.requireNonNull(name, "name");
        return context.get(this, name);
    }

    @Override
    public String toString() {
        return "Addon[" + moduleName() + " in context " + context.id() + " (" + context.name() + ")]";
    }
}
