// An XLSX file is a zip, and JSZip (which exceljs writes through) stamps every entry with the time of writing,
// which exceljs gives no way to set: the same workbook written twice would differ in those bytes only. This
// sets the modification date of every entry, in the central directory and in each local header, to one date.
// Only the two 16-bit MS-DOS date and time fields change: no content, no CRC, no size, no offset moves.
//
// The layout (APPNOTE.TXT 4.3): the end of central directory record (0x06054b50) names the entries' count and
// where the central directory starts; each central header (0x02014b50) holds time at +12, date at +14 and its
// local header's offset at +42; each local header (0x04034b50) holds time at +10 and date at +12.

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** A UTC instant as MS-DOS time and date (two-second resolution, years 1980 to 2107), as JSZip writes them. */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = date.getUTCFullYear();
  if (year < 1980 || year > 2107) throw new RangeError(`A zip entry's date must be between 1980 and 2107, got ${year}`);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/** A copy of `zip` whose every entry is dated `date`. Throws on anything but a plain zip (no zip64, one disk). */
export function withZipDates(zip: Buffer, date: Date): Buffer {
  const out = Buffer.from(zip);
  const dos = dosDateTime(date);
  // The end record is the last 22 bytes, unless a comment (at most 65535 bytes) follows it.
  let end = -1;
  for (let p = out.length - 22; p >= Math.max(0, out.length - 22 - 0xffff); p--) {
    if (out.readUInt32LE(p) === END_OF_CENTRAL_DIRECTORY) {
      end = p;
      break;
    }
  }
  if (end < 0) throw new Error('Not a zip: no end of central directory record');
  const count = out.readUInt16LE(end + 10);
  let p = out.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (out.readUInt32LE(p) !== CENTRAL_HEADER) throw new Error(`Not a plain zip: no central header at ${p}`);
    out.writeUInt16LE(dos.time, p + 12);
    out.writeUInt16LE(dos.date, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== LOCAL_HEADER) throw new Error(`Not a plain zip: no local header at ${local}`);
    out.writeUInt16LE(dos.time, local + 10);
    out.writeUInt16LE(dos.date, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
