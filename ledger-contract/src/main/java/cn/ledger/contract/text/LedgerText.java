package cn.ledger.contract.text;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A free-text field that follows the ledger's {@link TextRule}, with at most {@link #max} code points.
 * Null is accepted (combine with {@code @NotNull} or {@code @NotBlank}); the message says what is wrong
 * and where ("has U+D800 at character 3, which is an unpaired UTF-16 surrogate …").
 */
@Documented
@Constraint(validatedBy = LedgerTextValidator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface LedgerText {

    /** The most code points the field may hold. */
    int max();

    String message() default "is not acceptable text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
