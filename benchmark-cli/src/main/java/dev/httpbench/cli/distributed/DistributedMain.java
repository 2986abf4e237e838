package dev.httpbench.cli.distributed;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -cp httpbench.jar dev.httpbench.cli.distributed.DistributedMain merge|k8s ...}: the
 * distributed commands on their own, until they are subcommands of the runner's top command (then this
 * class goes). Exits with the command's exit code.
 */
@Command(name = "httpbench", mixinStandardHelpOptions = true, versionProvider = MergeCommand.Version.class,
        subcommands = {MergeCommand.class, K8sCommand.class},
        description = "The distributed commands: merge the shards of a test, or print its Kubernetes manifests.")
public final class DistributedMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DistributedMain()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: merge or k8s");
    }
}
