package io.vaultstream.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the shared broker and registry when the JUnit session ends, before the test JVM exits. */
public final class TestInfraSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestInfra.stopIfStarted();
    }
}
