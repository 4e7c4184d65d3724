// The stock service of specs/warehouse.ucheck, a Thrift service.
namespace py warehouse

exception OutOfStock {
  1: string sku,
  2: i32 available,
}

struct Reservation {
  1: string order,
  2: string sku,
  3: i32 quantity,
}

service Stock {
  bool reserve(1: Reservation reservation) throws (1: OutOfStock out),
  void release(1: string order),
  i32 count(1: string sku),
}
