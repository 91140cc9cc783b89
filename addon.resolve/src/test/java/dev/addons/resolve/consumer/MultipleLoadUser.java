package dev.addons.resolve.consumer;

import org.osgi.annotation.bundle.Requirement;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.addons.api.Addon;

/**
 * A Declarative Services component using one addon module by name, as an application would: bnd turns the class
 * into the consumer bundle DsConsumerResolutionTest resolves (it never runs here).
 *
 * <p>bnd writes a reference's service requirement with the objectClass only, {@code (objectClass=...Addon)}: the
 * target filter is a runtime matter to DS (configuration may change it), so a resolver would take any addon bundle.
 * The {@code @Requirement} names the module for the resolver too.
 */
@Component(immediate = true, service = MultipleLoadUser.class)
@Requirement(namespace = "osgi.service", filter = "(&(objectClass=dev.addons.api.Addon)(addon.module=multiple_load))",
        effective = "active")
public class MultipleLoadUser {

    @Reference(target = "(addon.module=multiple_load)")
    Addon multipleLoad;
}
