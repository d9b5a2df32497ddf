// Salesforce's error shape: an HTTP status and a JSON array of { message, errorCode, fields? }.
export type SfRecord = Record<string, unknown>;

export class SfError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }

  body(): { message: string; errorCode: string; fields?: string[] }[] {
    return [
      {
        message: this.message,
        errorCode: this.errorCode,
        ...(this.fields ? { fields: this.fields } : {}),
      },
    ];
  }
}
