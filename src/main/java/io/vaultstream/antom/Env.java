package io.vaultstream.antom;

/** Antom's {@code env}: the buyer's device and browser, used for risk and 3DS. Numbers are strings, as Antom asks. */
public record Env(
        String terminalType,
        String osType,
        String userAgent,
        String deviceTokenId,
        String clientIp,
        BrowserInfo browserInfo,
        String colorDepth,
        String screenHeight,
        String screenWidth,
        String timeZoneOffset,
        String deviceBrand,
        String deviceModel,
        String deviceLanguage,
        String deviceId) {

    /** A minimal web environment. */
    public static Env web(String clientIp, String userAgent) {
        return new Env("WEB", null, userAgent, null, clientIp, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public String toString() {
        // the IP and device ids are personal data; the type is enough to debug with
        return "Env[terminalType=" + terminalType + ", osType=" + osType + "]";
    }
}
