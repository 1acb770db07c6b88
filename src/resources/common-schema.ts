/**
 * Schema fragments every Skupper kind shares: the envelope (apiVersion, kind,
 * metadata, status) around a kind's own spec.
 */
import type { SchemaObject } from 'ajv';

/** SETTINGS_SCHEMA is `spec.settings`: a map of string names to string values. */
export const SETTINGS_SCHEMA: SchemaObject = { type: 'object', additionalProperties: { type: 'string' } };

/** OBSERVER_SCHEMA is `spec.observer` of Listener and MultiKeyListener: one of the values Skupper 2.2's CRDs enumerate. */
export const OBSERVER_SCHEMA: SchemaObject = { type: 'string', enum: ['auto', 'none', 'http1', 'http2'] };

/**
 * objectSchema wraps a kind's spec schema in the Kubernetes envelope. metadata
 * and status are open (the API server owns them); the top level is closed so
 * that a stray top-level field draws a warning.
 */
export function objectSchema(spec: SchemaObject): SchemaObject {
  return {
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          generateName: { type: 'string' },
          namespace: { type: 'string' },
        },
        additionalProperties: true,
      },
      spec,
      status: { type: 'object', additionalProperties: true },
    },
  };
}

/**
 * fastPathAdmits is a FastPath's `admits`: an object with a name that name
 * admits and no generateName (a generated name is left to the whole check),
 * and a spec whose properties, where present, meet spec.
 */
export function fastPathAdmits(name: SchemaObject, spec: Record<string, SchemaObject>): SchemaObject {
  return {
    type: 'object',
    required: ['metadata', 'spec'],
    properties: {
      metadata: { type: 'object', required: ['name'], properties: { name, generateName: false } },
      spec: { type: 'object', properties: spec },
    },
  };
}
