package io.vaultstream.antom;

/** Antom's {@code env.browserInfo}; the two flags are JSON booleans, as Antom's SDK sends them. */
public record BrowserInfo(String acceptHeader, Boolean javaEnabled, Boolean javaScriptEnabled, String language, String userAgent) {}
