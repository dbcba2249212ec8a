package cn.ledger.contract.text;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Optional;

/** Checks a {@link LedgerText} field against the {@link TextRule}. */
public final class LedgerTextValidator implements ConstraintValidator<LedgerText, CharSequence> {

    private int max;

    @Override
    public void initialize(LedgerText annotation) {
        this.max = annotation.max();
    }

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        Optional<String> problem = TextRule.problem(value, max);
        if (problem.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem.get()).addConstraintViolation();
        return false;
    }
}
