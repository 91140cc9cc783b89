/**
 * What Linux says about this process ({@code /proc/self}): which files are mapped, and the resident set size. The
 * runtime answers {@code AddonInspector.ModuleInfo.mapped} with it; consoles and tests use it to check that a
 * module file is unmapped once its last context closed, which the runtime can no longer tell them.
 */
@Export
@Version("1.0.0")
package dev.addons.api.proc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
