/** The manifest as an element tree, from binary XML (APK) or aapt2 protobuf (AAB). */
export type AttributeValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'reference'; readonly id: number }
  | { readonly kind: 'other' };

export interface XmlAttribute {
  readonly namespace: string;
  readonly name: string;
  /** Android framework attribute id (0x0101xxxx), 0 when the attribute has none. */
  readonly resourceId: number;
  readonly value: AttributeValue;
}

export interface XmlElement {
  readonly namespace: string;
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: XmlElement[];
}

export const ANDROID_NAMESPACE = 'http://schemas.android.com/apk/res/android';

/** Most elements and nesting accepted in a manifest. */
export const MAX_MANIFEST_ELEMENTS = 100_000;
export const MAX_MANIFEST_DEPTH = 64;
