/**
 * Where every subschema lives: its base URI, the resource it belongs to and its JSON pointer, so that
 * `$ref`, `$anchor`, `$dynamicRef` and `$recursiveRef` resolve exactly as the draft in force says, and error
 * messages can name the place. Remote documents come only from the caller's `refs` map and the bundled
 * meta-schemas: nothing is ever fetched.
 */
import { SdgError } from '../core/errors.js';
import { appendPointer, unescapePointerToken } from '../core/json-pointer.js';
import { isPlainObject, type JsonSchema, type JsonSchemaObject } from '../core/types.js';
import { detectDraft, draftOfMetaUri, idKeyword, refOverridesSiblings, type Draft } from './drafts.js';
import { META_SCHEMAS } from './meta.js';

/** Base URI given to a root schema that declares none; `.invalid` guarantees it never names a real host. */
export const DEFAULT_BASE_URI = 'https://synthdatagen.invalid/schema.json';

export interface SchemaLocation {
  /** Base URI in force inside this node (after its own `$id`), without fragment. */
  readonly baseUri: string;
  /** URI of the resource (document or embedded `$id` schema) the node belongs to. */
  readonly resourceUri: string;
  /** JSON pointer from that resource's root. */
  readonly pointer: string;
  /** JSON pointer from the schema the caller gave (or `uri#pointer` for remote documents); for messages. */
  readonly displayPointer: string;
  readonly draft: Draft;
}

export interface LocatedSchema {
  readonly schema: JsonSchema;
  readonly loc: SchemaLocation;
}

/** Keywords whose value is one subschema, a map of them, or a list of them (`items` is either). */
export const SINGLE_KEYWORDS = [
  'additionalItems',
  'additionalProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
] as const;
export const MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'dependencies'] as const;
export const ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;

function stripFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash === -1 ? uri : uri.slice(0, hash);
}

function resolveUri(ref: string, base: string): string {
  try {
    return new URL(ref, base).href;
  } catch {
    // Opaque bases (urn:) cannot take relative paths; a bare fragment still applies to them.
    if (ref.startsWith('#')) return stripFragment(base) + ref;
    try {
      return new URL(ref).href;
    } catch {
      return ref;
    }
  }
}

/** Normalizes a URI the way both sides of a lookup must agree on (WHATWG URL form, empty fragment dropped). */
export function normalizeUri(uri: string): string {
  let out: string;
  try {
    out = new URL(uri).href;
  } catch {
    out = uri;
  }
  return out.endsWith('#') ? out.slice(0, -1) : out;
}

export interface RegistryOptions {
  readonly draft?: Draft;
  /** Remote schemas by absolute URI. */
  readonly refs?: Readonly<Record<string, JsonSchema>>;
  readonly baseUri?: string;
}

export class SchemaRegistry {
  readonly root: JsonSchema;
  readonly rootLoc: SchemaLocation;
  readonly draft: Draft;
  private readonly locations = new WeakMap<object, SchemaLocation>();
  /** Resource roots and anchors: `uri` → schema, `uri#anchor` → schema. */
  private readonly index = new Map<string, LocatedSchema>();
  private readonly dynamicAnchors = new Map<string, LocatedSchema>();
  private readonly recursiveAnchorResources = new Set<string>();
  private readonly pendingRemotes = new Map<string, JsonSchema>();
  /** Every document registered, for handing to a validator. */
  readonly documents = new Map<string, JsonSchema>();

  constructor(root: JsonSchema, options: RegistryOptions = {}) {
    this.root = root;
    this.draft = detectDraft(root, options.draft);
    for (const [uri, schema] of Object.entries(options.refs ?? {})) this.pendingRemotes.set(normalizeUri(uri), schema);
    const base = normalizeUri(options.baseUri ?? DEFAULT_BASE_URI);
    this.rootLoc = this.addDocument(root, base, this.draft, '');
  }

  /** The recorded location of a schema object, if it was reached by the walk. */
  locate(schema: JsonSchema): SchemaLocation | undefined {
    return typeof schema === 'object' ? this.locations.get(schema) : undefined;
  }

  /** Location of `child`, found under `parent` at the given keyword path. */
  enter(parent: SchemaLocation, child: JsonSchema, ...tokens: Array<string | number>): SchemaLocation {
    const known = this.locate(child);
    if (known !== undefined) return known;
    let loc: SchemaLocation = {
      baseUri: parent.baseUri,
      resourceUri: parent.resourceUri,
      pointer: appendPointer(parent.pointer, ...tokens),
      displayPointer: appendPointer(parent.displayPointer, ...tokens),
      draft: parent.draft,
    };
    if (isPlainObject(child)) {
      const id = this.ownId(child, parent.draft);
      if (id !== undefined) {
        const uri = stripFragment(resolveUri(id, parent.baseUri));
        loc = { ...loc, baseUri: uri, resourceUri: uri, pointer: '' };
      }
    }
    return loc;
  }

  private ownId(schema: JsonSchemaObject, draft: Draft): string | undefined {
    if (refOverridesSiblings(draft) && typeof schema.$ref === 'string') return undefined;
    const id = schema[idKeyword(draft)];
    if (typeof id !== 'string') return undefined;
    // In drafts 6/7 (and `id` in 4) an `$id` of just a fragment is an anchor, not a new base.
    if (id.startsWith('#')) return undefined;
    return id;
  }

  private addDocument(doc: JsonSchema, uri: string, draft: Draft, displayPrefix: string): SchemaLocation {
    const docDraft = isPlainObject(doc) && typeof doc.$schema === 'string' ? (draftOfMetaUri(doc.$schema) ?? draft) : draft;
    let baseUri = uri;
    if (isPlainObject(doc)) {
      const id = this.ownId(doc, docDraft);
      if (id !== undefined) baseUri = stripFragment(resolveUri(id, uri));
    }
    const loc: SchemaLocation = { baseUri, resourceUri: baseUri, pointer: '', displayPointer: displayPrefix, draft: docDraft };
    this.documents.set(uri, doc);
    this.index.set(uri, { schema: doc, loc });
    this.walk(doc, loc);
    return loc;
  }

  private walk(schema: JsonSchema, loc: SchemaLocation): void {
    if (!isPlainObject(schema)) return;
    if (this.locations.has(schema)) return;
    this.locations.set(schema, loc);
    const draft = loc.draft;
    this.index.set(loc.resourceUri, this.index.get(loc.resourceUri) ?? { schema, loc });
    if (loc.pointer === '') this.index.set(loc.resourceUri, { schema, loc });

    if (refOverridesSiblings(draft) && typeof schema.$ref === 'string') return;

    const idValue = schema[idKeyword(draft)];
    if (typeof idValue === 'string' && idValue.startsWith('#') && idValue.length > 1) {
      this.index.set(`${loc.resourceUri}${idValue}`, { schema, loc });
    }
    if (typeof schema.$anchor === 'string') this.index.set(`${loc.resourceUri}#${schema.$anchor}`, { schema, loc });
    if (typeof schema.$dynamicAnchor === 'string') {
      const key = `${loc.resourceUri}#${schema.$dynamicAnchor}`;
      this.index.set(key, { schema, loc });
      this.dynamicAnchors.set(key, { schema, loc });
    }
    if (schema.$recursiveAnchor === true && loc.pointer === '') this.recursiveAnchorResources.add(loc.resourceUri);

    const child = (value: unknown, ...tokens: Array<string | number>): void => {
      if (typeof value === 'boolean' || isPlainObject(value))
        this.walk(value as JsonSchema, this.enter(loc, value as JsonSchema, ...tokens));
    };
    for (const keyword of SINGLE_KEYWORDS) if (keyword in schema) child(schema[keyword], keyword);
    for (const keyword of MAP_KEYWORDS) {
      const map = schema[keyword];
      if (isPlainObject(map)) for (const [name, sub] of Object.entries(map)) if (!Array.isArray(sub)) child(sub, keyword, name);
    }
    for (const keyword of ARRAY_KEYWORDS) {
      const list = schema[keyword];
      if (Array.isArray(list)) list.forEach((sub, i) => child(sub, keyword, i));
    }
    const items = schema.items;
    if (Array.isArray(items)) items.forEach((sub, i) => child(sub, 'items', i));
    else child(items, 'items');
  }

  /** Resolves `$ref` (or a `$dynamicRef`'s static target) from a location. */
  resolve(ref: string, from: SchemaLocation): LocatedSchema {
    const absolute = resolveUri(ref, from.baseUri);
    const found = this.lookup(absolute);
    if (found === undefined) {
      throw new SdgError('SDG_ERR_UNRESOLVED_REF', `cannot resolve $ref "${ref}" (as ${absolute})`, {
        pointer: from.displayPointer,
        hint: 'define the target under $defs, fix the pointer, or pass the remote schema in the refs map (absolute URI → schema); SynthDataGen never fetches from the network',
      });
    }
    return found;
  }

  /** Looks up an absolute URI with optional fragment (pointer or anchor). */
  lookup(absoluteUri: string): LocatedSchema | undefined {
    const hash = absoluteUri.indexOf('#');
    const docUri = normalizeUri(hash === -1 ? absoluteUri : absoluteUri.slice(0, hash));
    const fragment = hash === -1 ? '' : absoluteUri.slice(hash + 1);
    const resource = this.resourceRoot(docUri);
    if (resource === undefined) return undefined;
    if (fragment === '') return resource;
    let decoded: string;
    try {
      decoded = decodeURIComponent(fragment);
    } catch {
      decoded = fragment;
    }
    if (decoded.startsWith('/')) return this.followPointer(resource, decoded);
    return this.index.get(`${resource.loc.resourceUri}#${decoded}`) ?? this.index.get(`${docUri}#${decoded}`);
  }

  private resourceRoot(docUri: string): LocatedSchema | undefined {
    const known = this.index.get(docUri);
    if (known !== undefined) return known;
    const remote = this.pendingRemotes.get(docUri) ?? META_SCHEMAS.get(docUri);
    if (remote === undefined) return undefined;
    this.pendingRemotes.delete(docUri);
    this.addDocument(remote, docUri, this.draftForRemote(remote, docUri), docUri + '#');
    return this.index.get(docUri);
  }

  private draftForRemote(remote: JsonSchema, uri: string): Draft {
    return draftOfMetaUri(uri) ?? detectDraft(remote, this.draft);
  }

  private followPointer(start: LocatedSchema, pointer: string): LocatedSchema | undefined {
    let node: unknown = start.schema;
    let loc = start.loc;
    const tokens = pointer.slice(1).split('/').map(unescapePointerToken);
    for (const token of tokens) {
      let next: unknown;
      if (Array.isArray(node)) next = /^(0|[1-9][0-9]*)$/.test(token) ? node[Number(token)] : undefined;
      else if (isPlainObject(node) && Object.prototype.hasOwnProperty.call(node, token)) next = node[token];
      if (next === undefined) return undefined;
      if (isPlainObject(next) || typeof next === 'boolean') {
        loc = this.locate(next as JsonSchema) ?? {
          ...loc,
          pointer: appendPointer(loc.pointer, token),
          displayPointer: appendPointer(loc.displayPointer, token),
        };
      } else {
        loc = { ...loc, pointer: appendPointer(loc.pointer, token), displayPointer: appendPointer(loc.displayPointer, token) };
      }
      node = next;
    }
    if (!(isPlainObject(node) || typeof node === 'boolean')) return undefined;
    return { schema: node as JsonSchema, loc };
  }

  /** The `$dynamicAnchor` named `name` at the root level of a resource, if it declares one. */
  dynamicAnchor(resourceUri: string, name: string): LocatedSchema | undefined {
    return this.dynamicAnchors.get(`${resourceUri}#${name}`);
  }

  hasRecursiveAnchor(resourceUri: string): boolean {
    return this.recursiveAnchorResources.has(resourceUri);
  }

  /** Registers every remote document the caller gave, so a validator sees them all. */
  loadAllRemotes(): void {
    for (const uri of [...this.pendingRemotes.keys()]) this.resourceRoot(uri);
  }
}
