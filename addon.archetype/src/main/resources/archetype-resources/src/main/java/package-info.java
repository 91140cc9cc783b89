/** The bound interface of the ${artifactId} addon; exported so that consumers can bind it. */
@Export
@Version("1.0.0")
package ${package};

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
