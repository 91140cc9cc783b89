package dev.addons.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.addons.core.Platform;

/** The area addons this module built: target/classes/conformance/&lt;platform&gt;/lib&lt;area&gt;.so, by area name. */
final class Areas {

    private Areas() {
    }

    static Path directory() {
        String resource = "/conformance/" + Platform.current();
        URL url = Areas.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("no area addons at " + resource + " on the test class path: the C build of"
                    + " addon.conformance (src/main/c) did not run");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url.toString(), e);
        }
    }

    static Path library(String area) {
        return directory().resolve("lib" + area + ".so");
    }

    static List<String> names() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("lib") && n.endsWith(".so"))
                    .map(n -> n.substring(3, n.length() - 3))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
