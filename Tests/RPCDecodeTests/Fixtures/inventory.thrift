// Schema for the RPCDecode Thrift tests: every Thrift type, a declared exception, a oneway call.
namespace py inventory

enum Kind {
  BOOK = 1,
  TOOL = 2,
}

struct Part {
  1: string name,
  2: i32 count,
}

struct Item {
  1: bool available,
  2: i8 flags,
  3: i16 shelf,
  4: i32 quantity,
  5: i64 sku,
  6: double price,
  7: string title,
  8: binary blob,
  9: Kind kind,
  10: list<string> tags,
  11: set<i32> codes,
  12: map<string, i64> stock,
  13: Part main,
  14: list<Part> parts,
  15: map<i32, list<bool>> flags_by_bin,
}

exception NotFound {
  1: string key,
  2: i32 code,
}

service Inventory {
  Item get(1: string key, 2: i32 version) throws (1: NotFound missing),
  i64 put(1: Item item),
  oneway void touch(1: string key),
  list<Item> scan(1: string prefix, 2: i16 limit),
}
