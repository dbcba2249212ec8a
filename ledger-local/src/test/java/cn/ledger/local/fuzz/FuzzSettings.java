package cn.ledger.local.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The fuzz run's seed and size: fixed for CI so that a failure reproduces, overridable with
 * {@code -Dfuzz.seed=…} and {@code -Dfuzz.tries=…} (what {@code ledger-local/fuzz.sh} passes).
 */
public final class FuzzSettings implements AroundPropertyHook {

    static final String DEFAULT_SEED = "20261204";
    static final int DEFAULT_TRIES = 300;

    static String seed() {
        return System.getProperty("fuzz.seed", DEFAULT_SEED);
    }

    static int tries() {
        return Integer.getInteger("fuzz.tries", DEFAULT_TRIES);
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setSeed(seed());
        context.attributes().setTries(tries());
        System.out.printf("fuzz: %s with seed %s, %d tries (override with -Dfuzz.seed=… -Dfuzz.tries=…)%n",
                context.extendedLabel(), seed(), tries());
        return property.execute();
    }
}
