package dev.addons.api;

/**
 * The well-known symbols of JavaScript ({@code Symbol.iterator}...), as keys for {@link JsObject}'s symbol-keyed
 * operations. Each module instance has its own: {@link Addon#wellKnownSymbol} answers the one its addon code sees
 * as {@code globalThis.Symbol[name]}.
 *
 * @since 1.4
 */
public enum WellKnownSymbol {
    ASYNC_ITERATOR("asyncIterator"),
    HAS_INSTANCE("hasInstance"),
    IS_CONCAT_SPREADABLE("isConcatSpreadable"),
    ITERATOR("iterator"),
    MATCH("match"),
    MATCH_ALL("matchAll"),
    REPLACE("replace"),
    SEARCH("search"),
    SPECIES("species"),
    SPLIT("split"),
    TO_PRIMITIVE("toPrimitive"),
    TO_STRING_TAG("toStringTag"),
    UNSCOPABLES("unscopables");

    private final String propertyName;

    WellKnownSymbol(String propertyName) {
        this.propertyName = propertyName;
    }

    /** Its name as a property of {@code Symbol}: {@code "iterator"} for {@code Symbol.iterator}. */
    public String propertyName() {
        return propertyName;
    }

    /** As JavaScript names it: {@code Symbol.iterator}. */
    @Override
    public String toString() {
        return "Symbol." + propertyName;
    }
}
