import type { IDataObject } from 'n8n-workflow';

/** A plain JSON copy: undefined fields dropped, as n8n stores item data. */
export function toJson(value: object): IDataObject {
  return JSON.parse(JSON.stringify(value)) as IDataObject;
}
