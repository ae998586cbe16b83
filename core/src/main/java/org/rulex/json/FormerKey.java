package org.rulex.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name a record component's JSON key had before it was renamed. {@link StrictJson} still reads
 * the former key as the component, with a one-line deprecation notice on stderr once per file,
 * and refuses a file that gives both names. Files rulex writes use the current name only.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface FormerKey {
  /** The former key. */
  String value();
}
