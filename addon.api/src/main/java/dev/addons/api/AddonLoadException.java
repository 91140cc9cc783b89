package dev.addons.api;

/** A module could not be loaded or initialized. The message names the module, the file and the reason. */
public class AddonLoadException extends AddonException {
    private static final long serialVersionUID = 1L;

    private final String module;

    public AddonLoadException(String module, String message) {
        this(module, message, null, null);
    }

    public AddonLoadException(String module, String message, String code, Throwable cause) {
        super(message, code, null, cause);
        this.module = module;
    }

    /** The module that failed. */
    public String module() {
        return module;
    }
}
