package io.hsrl.trainer;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/**
 * Bad input ends a command with one clear line on stderr and exit code 2 (1 for other failures), not a stack trace.
 * {@code HSRL_DEBUG=1} adds the stack trace.
 */
@ApplicationScoped
class CommandLineSetup {
    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_FAILURE = 1;

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return factory.create().setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            String what = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            cmd.getErr().println("error: " + what);
            if (System.getenv("HSRL_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return ex instanceof IllegalArgumentException || ex instanceof java.io.FileNotFoundException
                    ? EXIT_BAD_INPUT : EXIT_FAILURE;
        });
    }
}
