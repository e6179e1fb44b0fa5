/*
 * The JSON Schemas (draft 2020-12) of the files tvk writes: a region's
 * document and the national one (emit.c), and the record of a run,
 * index.json (batch/index.c).  Kept beside the code as literals that share
 * their common definitions; tests/test_batch.c validates every JSON file
 * a conversion of the sample archive writes against them, so the schemas
 * and the writers cannot drift apart.  Whoever adds a field to a file
 * adds it here in the same change.
 */
#include <tvk/schema.h>

#define SCHEMA_HEAD(id, title) \
"{\n" \
"  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n" \
"  \"$id\": \"urn:tvk:schema:" id "\",\n" \
"  \"title\": \"" title "\",\n"

/* What the documents share: the period, the counts, problems, repairs,
 * sources and the generator. */
#define COMMON_DEFS \
"    \"period\": {\n" \
"      \"description\": \"The quarter; reference_date is its last day. Unknown parts are null (the table is then invalid).\",\n" \
"      \"type\": \"object\",\n" \
"      \"required\": [\"year\", \"quarter\", \"label\", \"reference_date\"],\n" \
"      \"additionalProperties\": false,\n" \
"      \"properties\": {\n" \
"        \"year\": {\"type\": [\"integer\", \"null\"], \"minimum\": 1990, \"maximum\": 2099},\n" \
"        \"quarter\": {\"type\": [\"integer\", \"null\"], \"minimum\": 1, \"maximum\": 4},\n" \
"        \"label\": {\"type\": [\"string\", \"null\"]},\n" \
"        \"reference_date\": {\"type\": [\"string\", \"null\"], \"pattern\": \"^[0-9]{4}-(03-31|06-30|09-30|12-31)$\"}\n" \
"      }\n" \
"    },\n" \
"    \"count\": {\"description\": \"A number of people; null when it could not be read.\", \"type\": [\"integer\", \"null\"], \"minimum\": 0},\n" \
"    \"counts\": {\n" \
"      \"type\": \"object\",\n" \
"      \"required\": [\"municipal_with_profile\", \"municipal_without_profile\", \"uwv_with_profile\", \"uwv_without_profile\", \"total\"],\n" \
"      \"additionalProperties\": false,\n" \
"      \"properties\": {\n" \
"        \"municipal_with_profile\": {\"$ref\": \"#/$defs/count\"},\n" \
"        \"municipal_without_profile\": {\"$ref\": \"#/$defs/count\"},\n" \
"        \"uwv_with_profile\": {\"$ref\": \"#/$defs/count\"},\n" \
"        \"uwv_without_profile\": {\"$ref\": \"#/$defs/count\"},\n" \
"        \"total\": {\"$ref\": \"#/$defs/count\"}\n" \
"      }\n" \
"    },\n" \
"    \"total_row\": {\n" \
"      \"description\": \"A total row as read (Totaal AMR, or Nederland), and where it was printed.\",\n" \
"      \"type\": \"object\",\n" \
"      \"required\": [\"municipal_with_profile\", \"municipal_without_profile\", \"uwv_with_profile\", \"uwv_without_profile\", \"total\", \"page\", \"box\"],\n" \
"      \"additionalProperties\": false,\n" \
"      \"properties\": {\n" \
"        \"municipal_with_profile\": {\"$ref\": \"#/$defs/count\"},\n" \
"        \"municipal_without_profile\": {\"$ref\": \"#/$defs/count\"},\n" \
"        \"uwv_with_profile\": {\"$ref\": \"#/$defs/count\"},\n" \
"        \"uwv_without_profile\": {\"$ref\": \"#/$defs/count\"},\n" \
"        \"total\": {\"$ref\": \"#/$defs/count\"},\n" \
"        \"page\": {\"$ref\": \"#/$defs/page\"},\n" \
"        \"box\": {\"$ref\": \"#/$defs/box\"}\n" \
"      }\n" \
"    },\n" \
"    \"page\": {\"description\": \"The page of the input (from 1) where it was printed; null when not known.\", \"type\": [\"integer\", \"null\"], \"minimum\": 1},\n" \
"    \"box\": {\"description\": \"Where on the page it was printed: [x0, y0, x1, y1] in PDF points from the top left corner of the page as displayed; null when not known.\", \"type\": [\"array\", \"null\"], \"items\": {\"type\": \"number\"}, \"minItems\": 4, \"maxItems\": 4},\n" \
"    \"validation\": {\n" \
"      \"type\": \"object\",\n" \
"      \"required\": [\"status\", \"problems\"],\n" \
"      \"additionalProperties\": false,\n" \
"      \"properties\": {\n" \
"        \"status\": {\"$ref\": \"#/$defs/status\"},\n" \
"        \"problems\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/problem\"}}\n" \
"      }\n" \
"    },\n" \
"    \"status\": {\"description\": \"valid: every check holds as printed; repaired: a count was inferred or corrected and every check holds; invalid: a check fails or a repair was ambiguous.\", \"enum\": [\"valid\", \"repaired\", \"invalid\"]},\n" \
"    \"problem\": {\n" \
"      \"type\": \"object\",\n" \
"      \"required\": [\"severity\", \"check\", \"subject\", \"field\", \"message\", \"page\", \"box\"],\n" \
"      \"additionalProperties\": false,\n" \
"      \"properties\": {\n" \
"        \"severity\": {\"enum\": [\"error\", \"warning\"]},\n" \
"        \"check\": {\"type\": \"string\"},\n" \
"        \"subject\": {\"type\": [\"string\", \"null\"]},\n" \
"        \"field\": {\"type\": [\"string\", \"null\"]},\n" \
"        \"message\": {\"type\": \"string\"},\n" \
"        \"page\": {\"$ref\": \"#/$defs/page\"},\n" \
"        \"box\": {\"$ref\": \"#/$defs/box\"}\n" \
"      }\n" \
"    },\n" \
"    \"repair\": {\n" \
"      \"type\": \"object\",\n" \
"      \"required\": [\"subject\", \"field\", \"kind\", \"printed\", \"value\", \"evidence\", \"page\", \"box\"],\n" \
"      \"additionalProperties\": false,\n" \
"      \"properties\": {\n" \
"        \"subject\": {\"type\": [\"string\", \"null\"]},\n" \
"        \"field\": {\"type\": [\"string\", \"null\"]},\n" \
"        \"kind\": {\"enum\": [\"number-format\", \"missing-cell\", \"wrong-cell\", \"misread\", \"split-cell\", \"glued-cell\", \"name\", \"name-join\", \"label-fragment\", \"region\", \"period\"]},\n" \
"        \"printed\": {\"type\": [\"string\", \"null\"]},\n" \
"        \"value\": {\"type\": [\"integer\", \"string\", \"null\"]},\n" \
"        \"evidence\": {\"type\": [\"string\", \"null\"]},\n" \
"        \"page\": {\"$ref\": \"#/$defs/page\"},\n" \
"        \"box\": {\"$ref\": \"#/$defs/box\"}\n" \
"      }\n" \
"    },\n" \
"    \"source\": {\n" \
"      \"type\": \"object\",\n" \
"      \"required\": [\"file\", \"sha256\", \"pages\", \"text_layer\"],\n" \
"      \"additionalProperties\": false,\n" \
"      \"properties\": {\n" \
"        \"file\": {\"description\": \"The PDF: the path given to tvk convert, made absolute; relative to the output folder when the PDF is inside it.\", \"type\": \"string\"},\n" \
"        \"sha256\": {\"type\": [\"string\", \"null\"], \"pattern\": \"^[0-9a-f]{64}$\"},\n" \
"        \"pages\": {\"type\": \"array\", \"items\": {\"type\": \"integer\", \"minimum\": 1}},\n" \
"        \"text_layer\": {\"$ref\": \"#/$defs/text_layer\"}\n" \
"      }\n" \
"    },\n" \
"    \"text_layer\": {\"description\": \"Where the text came from: the PDF's own text layer, tvk's OCR, or none.\", \"enum\": [\"none\", \"pdf\", \"ocr\"]},\n" \
"    \"generator\": {\n" \
"      \"type\": \"object\",\n" \
"      \"required\": [\"name\", \"version\"],\n" \
"      \"additionalProperties\": false,\n" \
"      \"properties\": {\"name\": {\"const\": \"tvk\"}, \"version\": {\"type\": \"string\"}}\n" \
"    }"

static const char region_schema[] =
SCHEMA_HEAD("region:3", "tvk: one labour-market region in one quarter")
"  \"description\": \"The counts of UWV's 'Transparantie van klantprofielen' for one region and quarter, as tvk read, repaired and validated them.\",\n"
"  \"type\": \"object\",\n"
"  \"required\": [\"schema_version\", \"period\", \"region\", \"municipalities\", \"region_total\", \"target_group_register\", \"validation\", \"repairs\", \"source\", \"generator\"],\n"
"  \"additionalProperties\": false,\n"
"  \"properties\": {\n"
"    \"schema_version\": {\"const\": 3},\n"
"    \"period\": {\"$ref\": \"#/$defs/period\"},\n"
"    \"region\": {\n"
"      \"description\": \"The labour-market region (arbeidsmarktregio): code 1-35, name as the reference list has it on the reference date (Stedendriehoek en Noordwest Veluwe until 2023), label as printed.\",\n"
"      \"type\": \"object\",\n"
"      \"required\": [\"code\", \"name\", \"printed_name\"],\n"
"      \"additionalProperties\": false,\n"
"      \"properties\": {\n"
"        \"code\": {\"type\": [\"integer\", \"null\"], \"minimum\": 1, \"maximum\": 35},\n"
"        \"name\": {\"type\": [\"string\", \"null\"]},\n"
"        \"printed_name\": {\"type\": [\"string\", \"null\"]}\n"
"      }\n"
"    },\n"
"    \"municipalities\": {\n"
"      \"description\": \"One entry per municipality row, in the order printed.\",\n"
"      \"type\": \"array\",\n"
"      \"items\": {\"$ref\": \"#/$defs/municipality\"}\n"
"    },\n"
"    \"region_total\": {\"$ref\": \"#/$defs/total_row\"},\n"
"    \"target_group_register\": {\n"
"      \"description\": \"The size of the target-group register and the share known in Sonar, when the document states them; null otherwise.\",\n"
"      \"type\": [\"object\", \"null\"],\n"
"      \"required\": [\"persons\", \"known_in_sonar_pct\"],\n"
"      \"additionalProperties\": false,\n"
"      \"properties\": {\n"
"        \"persons\": {\"type\": [\"integer\", \"null\"], \"minimum\": 0},\n"
"        \"known_in_sonar_pct\": {\"type\": [\"integer\", \"null\"], \"minimum\": 0, \"maximum\": 100}\n"
"      }\n"
"    },\n"
"    \"validation\": {\"$ref\": \"#/$defs/validation\"},\n"
"    \"repairs\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/repair\"}},\n"
"    \"source\": {\"$ref\": \"#/$defs/source\"},\n"
"    \"also_in\": {\n"
"      \"description\": \"Further inputs that gave identical values.\",\n"
"      \"type\": \"array\",\n"
"      \"minItems\": 1,\n"
"      \"items\": {\"$ref\": \"#/$defs/source\"}\n"
"    },\n"
"    \"generator\": {\"$ref\": \"#/$defs/generator\"}\n"
"  },\n"
"  \"$defs\": {\n"
"    \"municipality\": {\n"
"      \"type\": \"object\",\n"
"      \"required\": [\"code\", \"name\", \"printed_name\", \"current\", \"municipal_with_profile\", \"municipal_without_profile\", \"uwv_with_profile\", \"uwv_without_profile\", \"total\", \"page\", \"box\"],\n"
"      \"additionalProperties\": false,\n"
"      \"properties\": {\n"
"        \"code\": {\"description\": \"CBS municipality code; null without a confident match.\", \"type\": [\"string\", \"null\"], \"pattern\": \"^GM[0-9]{4}$\"},\n"
"        \"name\": {\"type\": [\"string\", \"null\"]},\n"
"        \"printed_name\": {\"type\": [\"string\", \"null\"]},\n"
"        \"current\": {\"$ref\": \"#/$defs/current\"},\n"
"        \"municipal_with_profile\": {\"$ref\": \"#/$defs/count\"},\n"
"        \"municipal_without_profile\": {\"$ref\": \"#/$defs/count\"},\n"
"        \"uwv_with_profile\": {\"$ref\": \"#/$defs/count\"},\n"
"        \"uwv_without_profile\": {\"$ref\": \"#/$defs/count\"},\n"
"        \"total\": {\"$ref\": \"#/$defs/count\"},\n"
"        \"page\": {\"$ref\": \"#/$defs/page\"},\n"
"        \"box\": {\"$ref\": \"#/$defs/box\"}\n"
"      }\n"
"    },\n"
"    \"current\": {\n"
"      \"description\": \"The municipality this one is part of today: itself when unchanged, after mergers the one it merged into; after a split (Haaren, 2021) code and name are null and successors lists today's municipalities that share its territory. Null for a row without a code.\",\n"
"      \"type\": [\"object\", \"null\"],\n"
"      \"required\": [\"code\", \"name\"],\n"
"      \"additionalProperties\": false,\n"
"      \"properties\": {\n"
"        \"code\": {\"type\": [\"string\", \"null\"], \"pattern\": \"^GM[0-9]{4}$\"},\n"
"        \"name\": {\"type\": [\"string\", \"null\"]},\n"
"        \"successors\": {\"type\": \"array\", \"minItems\": 2, \"items\": {\"type\": \"object\", \"required\": [\"code\", \"name\"], \"additionalProperties\": false, \"properties\": {\"code\": {\"type\": \"string\", \"pattern\": \"^GM[0-9]{4}$\"}, \"name\": {\"type\": \"string\"}}}}\n"
"      }\n"
"    },\n"
COMMON_DEFS "\n"
"  }\n"
"}\n";

static const char national_schema[] =
SCHEMA_HEAD("national:3", "tvk: the national row of one quarter (nederland.json)")
"  \"description\": \"The 'Nederland' row of a national edition, the sum of the regions' totals that tvk read from the same edition, and the difference: people the publication attributes to no region. The difference is reported, never corrected.\",\n"
"  \"type\": \"object\",\n"
"  \"required\": [\"schema_version\", \"period\", \"total\", \"regions_sum\", \"unattributed\", \"regions\", \"validation\", \"repairs\", \"source\", \"generator\"],\n"
"  \"additionalProperties\": false,\n"
"  \"properties\": {\n"
"    \"schema_version\": {\"const\": 3},\n"
"    \"period\": {\"$ref\": \"#/$defs/period\"},\n"
"    \"total\": {\"description\": \"The national row as read.\", \"$ref\": \"#/$defs/total_row\"},\n"
"    \"regions_sum\": {\"description\": \"The sum of the region totals of the same edition.\", \"$ref\": \"#/$defs/sums\"},\n"
"    \"unattributed\": {\"description\": \"total less regions_sum, per column.\", \"$ref\": \"#/$defs/differences\"},\n"
"    \"regions\": {\"description\": \"How many regions were summed.\", \"type\": \"integer\", \"minimum\": 0, \"maximum\": 35},\n"
"    \"validation\": {\"$ref\": \"#/$defs/validation\"},\n"
"    \"repairs\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/repair\"}},\n"
"    \"source\": {\"$ref\": \"#/$defs/source\"},\n"
"    \"also_in\": {\"description\": \"Further inputs that gave identical values.\", \"type\": \"array\", \"minItems\": 1, \"items\": {\"$ref\": \"#/$defs/source\"}},\n"
"    \"generator\": {\"$ref\": \"#/$defs/generator\"}\n"
"  },\n"
"  \"$defs\": {\n"
"    \"sums\": {\n"
"      \"type\": \"object\",\n"
"      \"required\": [\"municipal_with_profile\", \"municipal_without_profile\", \"uwv_with_profile\", \"uwv_without_profile\", \"total\"],\n"
"      \"additionalProperties\": false,\n"
"      \"properties\": {\n"
"        \"municipal_with_profile\": {\"type\": \"integer\", \"minimum\": 0},\n"
"        \"municipal_without_profile\": {\"type\": \"integer\", \"minimum\": 0},\n"
"        \"uwv_with_profile\": {\"type\": \"integer\", \"minimum\": 0},\n"
"        \"uwv_without_profile\": {\"type\": \"integer\", \"minimum\": 0},\n"
"        \"total\": {\"type\": \"integer\", \"minimum\": 0}\n"
"      }\n"
"    },\n"
"    \"differences\": {\n"
"      \"type\": \"object\",\n"
"      \"required\": [\"municipal_with_profile\", \"municipal_without_profile\", \"uwv_with_profile\", \"uwv_without_profile\", \"total\"],\n"
"      \"additionalProperties\": false,\n"
"      \"properties\": {\n"
"        \"municipal_with_profile\": {\"type\": \"integer\"},\n"
"        \"municipal_without_profile\": {\"type\": \"integer\"},\n"
"        \"uwv_with_profile\": {\"type\": \"integer\"},\n"
"        \"uwv_without_profile\": {\"type\": \"integer\"},\n"
"        \"total\": {\"type\": \"integer\"}\n"
"      }\n"
"    },\n"
COMMON_DEFS "\n"
"  }\n"
"}\n";

static const char index_schema[] =
SCHEMA_HEAD("index:1", "tvk: the record of a run of tvk convert (index.json)")
"  \"description\": \"Every input of the run with its checksum, pages, text layer and outcome, the tables it gave and where they went, and a summary.\",\n"
"  \"type\": \"object\",\n"
"  \"required\": [\"schema_version\", \"inputs\", \"summary\", \"generator\"],\n"
"  \"additionalProperties\": false,\n"
"  \"properties\": {\n"
"    \"schema_version\": {\"const\": 1},\n"
"    \"inputs\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/input\"}},\n"
"    \"summary\": {\n"
"      \"type\": \"object\",\n"
"      \"required\": [\"inputs\", \"failed\", \"from_cache\", \"files_written\", \"valid\", \"repaired\", \"invalid\", \"merged\", \"conflicts\", \"exit_status\"],\n"
"      \"additionalProperties\": false,\n"
"      \"properties\": {\n"
"        \"inputs\": {\"description\": \"Inputs of the run.\", \"type\": \"integer\", \"minimum\": 0},\n"
"        \"earlier_inputs\": {\"description\": \"Inputs of earlier runs into the folder that this run did not name: their documents stay, and are merged with this run's.\", \"type\": \"integer\", \"minimum\": 0},\n"
"        \"failed\": {\"description\": \"Inputs that could not be converted.\", \"type\": \"integer\", \"minimum\": 0},\n"
"        \"from_cache\": {\"description\": \"Inputs unchanged since an earlier run, taken from its cache.\", \"type\": \"integer\", \"minimum\": 0},\n"
"        \"files_written\": {\"description\": \"Documents in the folder from this run.\", \"type\": \"integer\", \"minimum\": 0},\n"
"        \"valid\": {\"type\": \"integer\", \"minimum\": 0},\n"
"        \"repaired\": {\"type\": \"integer\", \"minimum\": 0},\n"
"        \"invalid\": {\"type\": \"integer\", \"minimum\": 0},\n"
"        \"merged\": {\"description\": \"Tables with the same values as one from another input, listed in its also_in.\", \"type\": \"integer\", \"minimum\": 0},\n"
"        \"conflicts\": {\"description\": \"Tables whose values differ from another input's for the same region and quarter.\", \"type\": \"integer\", \"minimum\": 0},\n"
"        \"exit_status\": {\"enum\": [0, 1, 2, 64]}\n"
"      }\n"
"    },\n"
"    \"generator\": {\"$ref\": \"#/$defs/generator\"}\n"
"  },\n"
"  \"$defs\": {\n"
"    \"input\": {\n"
"      \"type\": \"object\",\n"
"      \"required\": [\"file\", \"sha256\", \"pages\", \"text_layer\", \"status\", \"from_cache\", \"error\", \"tables_written\", \"tables\", \"problems\"],\n"
"      \"additionalProperties\": false,\n"
"      \"properties\": {\n"
"        \"file\": {\"description\": \"The path as given, or as found in a folder given.\", \"type\": \"string\"},\n"
"        \"sha256\": {\"description\": \"null when the file could not be read.\", \"type\": [\"string\", \"null\"], \"pattern\": \"^[0-9a-f]{64}$\"},\n"
"        \"pages\": {\"type\": \"integer\", \"minimum\": 0},\n"
"        \"text_layer\": {\"$ref\": \"#/$defs/text_layer\"},\n"
"        \"status\": {\"enum\": [\"converted\", \"failed\"]},\n"
"        \"this_run\": {\"description\": \"Named by this run; false for an input of an earlier run, kept in the record of the folder.\", \"type\": \"boolean\"},\n"
"        \"from_cache\": {\"type\": \"boolean\"},\n"
"        \"error\": {\"description\": \"Why the input failed; null when converted.\", \"type\": [\"string\", \"null\"]},\n"
"        \"tables_written\": {\"type\": \"integer\", \"minimum\": 0},\n"
"        \"tables\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/table\"}},\n"
"        \"problems\": {\"description\": \"Problems of the input outside its tables, 'page N: message'.\", \"type\": \"array\", \"items\": {\"type\": \"string\"}}\n"
"      }\n"
"    },\n"
"    \"table\": {\n"
"      \"type\": \"object\",\n"
"      \"required\": [\"period\", \"region\", \"name\", \"pages\", \"status\", \"repairs\", \"problems\", \"output\", \"merged\", \"conflict\"],\n"
"      \"additionalProperties\": false,\n"
"      \"properties\": {\n"
"        \"period\": {\"description\": \"YYYY-Qq; 0000-Q0 when the period could not be read.\", \"type\": \"string\", \"pattern\": \"^[0-9]{4}-Q[0-4]$\"},\n"
"        \"region\": {\"description\": \"The region's number; null for the national row or an unknown region.\", \"type\": [\"integer\", \"null\"], \"minimum\": 1, \"maximum\": 35},\n"
"        \"name\": {\"description\": \"The region's name, or Nederland.\", \"type\": [\"string\", \"null\"]},\n"
"        \"pages\": {\"description\": \"First and last page of the table.\", \"type\": \"array\", \"minItems\": 2, \"maxItems\": 2, \"items\": {\"type\": \"integer\", \"minimum\": 0}},\n"
"        \"extent\": {\"description\": \"Where the table is: per page that holds its rows, the box around them.\", \"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/extent\"}},\n"
"        \"status\": {\"$ref\": \"#/$defs/status\"},\n"
"        \"repairs\": {\"type\": \"integer\", \"minimum\": 0},\n"
"        \"problems\": {\"type\": \"integer\", \"minimum\": 0},\n"
"        \"output\": {\"description\": \"The document, relative to the output folder; null when not written (merged into another, or a write failed).\", \"type\": [\"string\", \"null\"]},\n"
"        \"merged\": {\"type\": \"boolean\"},\n"
"        \"conflict\": {\"type\": \"boolean\"}\n"
"      }\n"
"    },\n"
"    \"extent\": {\n"
"      \"type\": \"object\",\n"
"      \"required\": [\"page\", \"box\"],\n"
"      \"additionalProperties\": false,\n"
"      \"properties\": {\n"
"        \"page\": {\"description\": \"A page of the input, from 1.\", \"type\": \"integer\", \"minimum\": 1},\n"
"        \"box\": {\"description\": \"[x0, y0, x1, y1] in PDF points from the top left corner of the page as displayed.\", \"type\": \"array\", \"items\": {\"type\": \"number\"}, \"minItems\": 4, \"maxItems\": 4}\n"
"      }\n"
"    },\n"
"    \"status\": {\"enum\": [\"valid\", \"repaired\", \"invalid\"]},\n"
"    \"text_layer\": {\"enum\": [\"none\", \"pdf\", \"ocr\"]},\n"
"    \"generator\": {\n"
"      \"type\": \"object\",\n"
"      \"required\": [\"name\", \"version\"],\n"
"      \"additionalProperties\": false,\n"
"      \"properties\": {\"name\": {\"const\": \"tvk\"}, \"version\": {\"type\": \"string\"}}\n"
"    }\n"
"  }\n"
"}\n";

const char *tvk_schema_region(void)
{
	return region_schema;
}

const char *tvk_schema_national(void)
{
	return national_schema;
}

const char *tvk_schema_index(void)
{
	return index_schema;
}
