// The command lives in the contracts lib (libs/contracts): the OpenAPI document and the web read it there.
export { setUnitCostCommand, type SetUnitCostCommand } from '#contracts';
