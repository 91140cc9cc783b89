package dev.addons.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the exported function a method of a bound interface calls, when it differs from the method name.
 *
 * @see Addon#bind(Class)
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AddonFunction {
    /** The export's name. */
    String value();
}
