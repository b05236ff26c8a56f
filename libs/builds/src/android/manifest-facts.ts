import { BuildError } from '../errors.js';
import type { StringResolver } from './resource-table.js';
import { ANDROID_NAMESPACE, type AttributeValue, type XmlElement } from './xml-tree.js';

/** The identity facts an Android manifest declares. */
export interface ManifestFacts {
  readonly packageName: string;
  /** android:versionCode with android:versionCodeMajor as the high 32 bits, in decimal. */
  readonly versionCode: string;
  readonly versionCodeMajor: number;
  /** null when the manifest refers to a resource that resolves to no default string. */
  readonly versionName: string | null;
  /** A number, or a preview codename such as "Tiramisu". */
  readonly minSdk: number | string;
  readonly targetSdk: number | string | null;
  readonly debuggable: boolean;
}

// Framework attribute ids (android.R.attr) of the attributes read here.
const ATTR = {
  versionCode: 0x0101021b,
  versionName: 0x0101021c,
  versionCodeMajor: 0x01010576,
  minSdkVersion: 0x0101020c,
  targetSdkVersion: 0x01010270,
  debuggable: 0x0101000f,
} as const;
type AttrName = keyof typeof ATTR;

const PACKAGE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
const DEFAULT_MIN_SDK = 1;

function malformed(what: string): BuildError {
  return new BuildError('MANIFEST_MALFORMED', `AndroidManifest.xml: ${what}`);
}

/** The resource id android:versionName refers to, when it is a reference. */
export function versionNameReference(root: XmlElement): number | null {
  const value = attribute(root, 'versionName');
  return value?.kind === 'reference' ? value.id : null;
}

/** Reads the manifest's facts; `strings` resolves a versionName given as a resource reference. */
export function manifestFacts(root: XmlElement, strings?: StringResolver): ManifestFacts {
  if (root.name !== 'manifest' || root.namespace !== '')
    throw malformed('expected root <manifest>');
  const usesSdk = root.children.find((child) => child.name === 'uses-sdk');
  const application = root.children.find((child) => child.name === 'application');

  const packageName = packageOf(root);
  const low = intOf(root, 'versionCode', 0);
  const versionCodeMajor = intOf(root, 'versionCodeMajor', 0);
  const versionCode = ((BigInt(versionCodeMajor >>> 0) << 32n) | BigInt(low >>> 0)).toString();
  const minSdk = usesSdk ? sdkOf(usesSdk, 'minSdkVersion') : null;
  const targetSdk = usesSdk ? sdkOf(usesSdk, 'targetSdkVersion') : null;

  return {
    packageName,
    versionCode,
    versionCodeMajor,
    versionName: versionNameOf(root, strings),
    minSdk: minSdk ?? DEFAULT_MIN_SDK,
    targetSdk,
    debuggable: application ? debuggableOf(application) : false,
  };
}

/** An android: attribute, found by framework id as the platform does, else by name. */
function attribute(element: XmlElement, name: AttrName): AttributeValue | undefined {
  const byId = element.attributes.filter((attr) => attr.resourceId === ATTR[name]);
  const matches =
    byId.length > 0
      ? byId
      : element.attributes.filter(
          (attr) =>
            attr.resourceId === 0 && attr.namespace === ANDROID_NAMESPACE && attr.name === name,
        );
  if (matches.length > 1) throw malformed(`<${element.name}> declares android:${name} twice`);
  return matches[0]?.value;
}

function packageOf(root: XmlElement): string {
  const found = root.attributes.filter((attr) => attr.name === 'package' && attr.namespace === '');
  const value = found.length === 1 ? found[0]?.value : undefined;
  if (value?.kind !== 'string' || !PACKAGE_NAME.test(value.value)) {
    throw malformed('expected one package attribute holding a package name');
  }
  return value.value;
}

function intOf(element: XmlElement, name: AttrName, fallback: number): number {
  const value = attribute(element, name);
  if (value === undefined) return fallback;
  if (value.kind === 'int') return value.value;
  if (value.kind === 'string' && /^(0|[1-9][0-9]{0,9})$/.test(value.value)) {
    const parsed = Number(value.value);
    if (parsed <= 0xffffffff) return parsed | 0;
  }
  throw malformed(`android:${name}: expected an integer`);
}

function sdkOf(usesSdk: XmlElement, name: AttrName): number | string | null {
  const value = attribute(usesSdk, name);
  if (value === undefined) return null;
  if (value.kind === 'int' && value.value > 0) return value.value;
  if (value.kind === 'string' && /^[1-9][0-9]{0,3}$/.test(value.value)) return Number(value.value);
  if (value.kind === 'string' && /^[A-Za-z][A-Za-z0-9]{0,31}$/.test(value.value))
    return value.value;
  throw malformed(`android:${name}: expected an API level or codename`);
}

function versionNameOf(root: XmlElement, strings: StringResolver | undefined): string | null {
  const value = attribute(root, 'versionName');
  if (value === undefined) return null;
  if (value.kind === 'string') return value.value;
  // Resolved through resources.arsc (APK) or base/resources.pb (app bundle).
  if (value.kind === 'reference') return strings?.(value.id) ?? null;
  throw malformed('android:versionName: expected a string');
}

function debuggableOf(application: XmlElement): boolean {
  const value = attribute(application, 'debuggable');
  if (value === undefined) return false;
  if (value.kind === 'bool') return value.value;
  // A reference could resolve to true: fail closed rather than report false.
  throw malformed('android:debuggable: expected a literal boolean');
}
