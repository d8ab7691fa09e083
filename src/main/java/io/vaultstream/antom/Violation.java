package io.vaultstream.antom;

/** One broken rule of a request: the JSON path of the field and the rule, never the value. */
public record Violation(String field, String rule) {
    @Override
    public String toString() {
        return field + ": " + rule;
    }
}
