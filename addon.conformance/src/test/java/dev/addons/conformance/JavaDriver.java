package dev.addons.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;

/**
 * Our runtime's side: loads an area addon into a fresh context and returns the lines its run() returns. An
 * asynchronous area's run() answers a promise (a CompletableFuture here): it is awaited before the context closes,
 * as the Node driver awaits it. A teardown area (exports report()) runs in two contexts: see {@link #runTeardown}.
 */
final class JavaDriver {

    /** Far above what an area needs (its works take microseconds); a lost completion fails instead of hanging. */
    private static final long AWAIT_SECONDS = 60;

    private final AddonRuntimeCore runtime = new AddonRuntimeCore();

    List<String> run(String area) {
        try (AddonContext context = runtime.newContext("conformance-" + area)) {
            Addon addon = context.load(ModuleSpec.of(area, Areas.library(area)));
            Object result = addon.exportNames().contains("report") ? runTeardown(area, addon) : addon.call("run");
            if (result instanceof CompletableFuture<?> future) {
                result = await(area, future);
            }
            List<String> lines = new ArrayList<>();
            if (!(result instanceof List)) {
                lines.add("run() returned " + result);
                return lines;
            }
            for (Object line : (List<?>) result) {
                lines.add(String.valueOf(line));
            }
            return lines;
        } catch (RuntimeException e) {
            // Same wording as the Node driver, so that a throwing run() is itself an observation.
            return List.of("run() threw: " + e.getMessage());
        } catch (ExecutionException e) {
            return List.of("run() rejected: " + e.getCause().getMessage());
        }
    }

    /**
     * A teardown area (docs/conformance.md): {@code holder} keeps the library loaded; the subject, the same library in
     * a second context, sets the scene (start(), awaited), lets its works go (release()) and its context closes, as
     * Node's Worker exits. The holder's report() then answers the lines both instances wrote.
     */
    private Object runTeardown(String area, Addon holder) throws ExecutionException {
        try (AddonContext context = runtime.newContext("conformance-" + area + "-subject")) {
            Addon subject = context.load(ModuleSpec.of(area, Areas.library(area)));
            Object ready = subject.call("start");
            if (ready instanceof CompletableFuture<?> future) {
                await(area, future);
            }
            subject.call("release");
        }
        return holder.call("report");
    }

    private static Object await(String area, CompletableFuture<?> future) throws ExecutionException {
        try {
            return future.get(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("area " + area + ": run()'s promise was not settled within "
                    + AWAIT_SECONDS + " s (a complete callback that never ran?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("area " + area + ": interrupted while awaiting run()'s promise", e);
        }
    }
}
