export {
  createEncryptedBlobStore,
  DATA_KEY_METADATA,
  type EncryptedBlobStoreOptions,
  type IncrementalHash,
} from "./encrypted-blob-store";
export { DEFAULT_SEGMENT_BYTES, encryptedSize, plaintextSize } from "./format";
export { type MasterKeyFile, parseMasterKeyFile, serializeMasterKeyFile } from "./key-file";
export {
  checkMasterKeySetting,
  createKeyring,
  decodeMasterKey,
  generateMasterKey,
  type Keyring,
  keyringFromSetting,
  type MasterKeyMaterial,
  masterKeyId,
  parseMasterKeySetting,
  type WrappedDataKey,
} from "./keyring";
export { type EncryptionStatus, encryptExisting, encryptionStatus, rewrapDataKeys } from "./maintenance";
export { createDecryptStream, createEncryptStream } from "./segments";
