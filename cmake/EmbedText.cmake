# cmake -DINPUT=file -DOUTPUT=file.inc -DNAME=symbol -P EmbedText.cmake
# Writes a C++ raw string literal holding INPUT, so tools carry their
# templates instead of looking for them on disk.
file(READ "${INPUT}" content)
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT}; do not edit.\n"
  "static const char ${NAME}[] = R\"SPARROW_EMBED(${content})SPARROW_EMBED\";\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
