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
  currentKeyring,
  decodeMasterKey,
  generateMasterKey,
  type Keyring,
  keyringFromSetting,
  type MasterKeyMaterial,
  masterKeyId,
  parseMasterKeySetting,
  type WrappedDataKey,
} from "./keyring";
export {
  type EncryptionStatus,
  encryptExisting,
  encryptionStatus,
  MAX_REWRAP_BATCH,
  rewrapDataKeys,
  rewrapSome,
} from "./maintenance";
export { createDecryptStream, createEncryptStream } from "./segments";
