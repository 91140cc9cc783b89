package dev.addons.api;

/** Names shared by bundles that declare addon modules and by consumers of the addon services. */
public final class AddonConstants {

    /**
     * Manifest header declaring a bundle's addon modules, one clause per module and platform:
     * <pre>
     * Addon-Module: hello;path=native/linux_x86_64/libhello.so;osname=Linux;processor=x86-64,
     *  hello;path=native/linux_aarch64/libhello.so;osname=Linux;processor=aarch64
     * </pre>
     * {@code path} (required) is an entry in the bundle or one of its fragments. {@code osname} and
     * {@code processor} (optional, comma-separated aliases inside quotes allowed) select the platform, matched
     * like {@code Bundle-NativeCode}; the first clause of a module that matches is used. {@code isolated=true}
     * gives each context a private copy of the library (see {@link ModuleSpec#isolated()}).
     */
    public static final String ADDON_MODULE_HEADER = "Addon-Module";

    /** Service property on each {@link Addon} service: the module name. */
    public static final String SERVICE_MODULE = "addon.module";

    /** Service property on each {@link Addon} service: the id of the context it lives in. */
    public static final String SERVICE_CONTEXT_ID = "addon.context.id";

    /** Service property on each {@link Addon} service: the extracted file that was loaded. */
    public static final String SERVICE_FILE = "addon.file";

    private AddonConstants() {
    }
}
