// Feishu Open Platform paths this package calls (docs/feishu-protocol.md).

/** Where an app id and secret become a tenant access token. */
export const TENANT_ACCESS_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

export const MEDIA_PATH = '/open-apis/drive/v1/medias/';

export type UploadEndpoint = 'upload_all' | 'upload_prepare' | 'upload_part' | 'upload_finish';

/** Every JSON answer Feishu sends is small; anything larger is refused rather than buffered. */
export const MAX_ANSWER_BYTES = 1024 * 1024;
