package datafetch

// knownDigests maps each destination path to the SHA-256 of the copy that
// the dataset readers' tests were run against. The upstream content was
// not compared byte for byte with those copies, so Fetcher only warns on
// a mismatch.
var knownDigests = map[string]string{
	"fashioniq/attributes/asin2attr.dress.test.json":   "e541e86680624bc6a192f0b6002d3d9859c09329947e71a0e6217ba90d33aacc",
	"fashioniq/attributes/asin2attr.dress.train.json":  "ed356552877c2de7234a8aac8be331bf1ce130ba63d3b702239e7eae21323a63",
	"fashioniq/attributes/asin2attr.dress.val.json":    "75d1ba72df3b1e1e48af05853c84242e4ca98ca737d580b147dfaa86673bdae1",
	"fashioniq/attributes/asin2attr.shirt.test.json":   "4bfc13f83b275a4961019ce47a8eb7b1381645412608a36c6af34033c1bc9e0a",
	"fashioniq/attributes/asin2attr.shirt.train.json":  "103b988ca2c71938687451882682496c30cdb80ac8174681edf7d72f23371954",
	"fashioniq/attributes/asin2attr.shirt.val.json":    "64c2deb8c1d257db8e5200fb0d3869dfe27b4f340de022dc0ef901e2e0a4267b",
	"fashioniq/attributes/asin2attr.toptee.test.json":  "df5d353168df810d8ebaba3438a825e50f546e18e91334f3fdd8d41dbbe61449",
	"fashioniq/attributes/asin2attr.toptee.train.json": "0cc0284cc128e379a6e4c65b5c00d3c58f15be03b1bc70a294fbbf385d4403e2",
	"fashioniq/attributes/asin2attr.toptee.val.json":   "43ea63ce8f9852fe227751b145938c6e69be7216695cc9adfd86e493f9f00813",
	"fashioniq/captions/cap.dress.test.json":           "190240b3b4d115cd4f80de65ab78ca18a3f8581c041cbeea6f5a1f57ee4f5a48",
	"fashioniq/captions/cap.dress.train.json":          "1691bd52e5bbda755b0c1f14d1024000be2c57a0cc29511a327af1372636a946",
	"fashioniq/captions/cap.dress.val.json":            "5e5117d45695df9c3ca91fac3e0bc49e6422ae9c8b3793f0ac9b3ab83adb7de9",
	"fashioniq/captions/cap.shirt.test.json":           "27c7551b005d4befa53135a7ddee5e31c97821eafd3ceb3fec514e7ac0ad83a7",
	"fashioniq/captions/cap.shirt.train.json":          "0999ce5da01a38f0cef1547941b738f4c56e225fdd9b8e03e2a6edaf292f94c3",
	"fashioniq/captions/cap.shirt.val.json":            "7b7ca3797b85dddfd83e74cdb4454cb63e3e7c09acef2590155efbacea6d7feb",
	"fashioniq/captions/cap.toptee.test.json":          "db822aa52340ce1f09c3000064f79b60b6c476b50b98bf34200dd2996c06e146",
	"fashioniq/captions/cap.toptee.train.json":         "6daa171a9e744823087780a3b69b8b697bd05526adb6dd55a38ee6c4904ab348",
	"fashioniq/captions/cap.toptee.val.json":           "b4e09f428e6c255cc4b4ec46e77908305ab83075d82840c960be81af15cdc5eb",
	"fashioniq/image_splits/split.dress.test.json":     "1d1d3af24b9ec4ed3f7805c53a870148df9b51e232b32912505d8ae54718353d",
	"fashioniq/image_splits/split.dress.train.json":    "dcb1c7329003e85e39a3010147a620cee4b7de6a5ddf2626f253bc9a2cdd78e5",
	"fashioniq/image_splits/split.dress.val.json":      "21ff91d53c23859da91bfd49f3acc139b7f3a3dc944fc4e4a80194468cf14bab",
	"fashioniq/image_splits/split.shirt.test.json":     "8d243830e80e77c23c8dc9a85db87813230d38da146f0706082db812f591968b",
	"fashioniq/image_splits/split.shirt.train.json":    "1552c05d866d31b43321a719b2cb8a65f02c53e9a6bc355861fe1d62498b9983",
	"fashioniq/image_splits/split.shirt.val.json":      "b82effbf7352a6f828b38c45eb32e53d726bd4d6fd81d6290c81eeb2c68e3234",
	"fashioniq/image_splits/split.toptee.test.json":    "25a30d4f4013a04026585399b10980db7cba39dfaad0d97a0671a62e2125ddbf",
	"fashioniq/image_splits/split.toptee.train.json":   "aa9b3a55332340f21360fb6a3fe174badd27ce389fe7d78d890bf2b9032ffe05",
	"fashioniq/image_splits/split.toptee.val.json":     "ee42b2505275dd7a19b11ddb88c9264aab2d77f4e59b075fb1c7c3095d02f412",
	"fashioniq/image_urls/asin2url.dress.txt":          "c428c2c4893962c3d18d77fe65ed59dee5dcc8d0145a81a41f282d7e72ccd436",
	"fashioniq/image_urls/asin2url.shirt.txt":          "5b25c8db276d9390de886aa34d7b3618d355771cd5b8300a8f0dd60a86ec04e9",
	"fashioniq/image_urls/asin2url.toptee.txt":         "c41e0652cbdf59fa8a7d2068e7ec01795a97aee1bf98b7d5a20be6c775e27f65",
	"fashioniq/README.upstream.md":                     "c85c64db9c2ff53bc6fb11123b609edb173872af82b6cad2e20fa65c6d2efc22",
	"fashion200k/subset.jsonl":                         "8cb49389ba3f33e9233624be9e111c6e70a5988bc094c8e4132f3f2502340570",
}
