/**
 * The selector rule of Connector and AttachedConnector: Skupper lists the
 * pods to connect to with spec.selector as a Kubernetes label selector
 * (FACTS.md: ListOptions.LabelSelector in internal/kube/client/pods.go), so a
 * selector that does not parse fails only when the pods are listed, in the
 * controller's logs. It is denied here in the parser's own words.
 */
import { type FieldError, invalid } from '../validation/field-error.js';
import { parseLabelSelector } from '../validation/label-selector.js';

/** selectorErrors checks value, the value of field, as labels.Parse would. */
export function selectorErrors(field: string, value: unknown): FieldError[] {
  if (typeof value !== 'string') return [];
  const problem = parseLabelSelector(value);
  return problem === undefined ? [] : [invalid(field, value, problem)];
}
