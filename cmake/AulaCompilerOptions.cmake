# SPDX-License-Identifier: GPL-3.0-or-later
# Warning and sanitizer flags shared by every Aula target (aula_set_warnings()).

add_library(aula_compiler_options INTERFACE)
target_compile_options(aula_compiler_options INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor>
    $<$<AND:$<CXX_COMPILER_ID:GNU,Clang>,$<BOOL:${AULA_WERROR}>>:-Werror>)
target_compile_definitions(aula_compiler_options INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_USE_QSTRINGBUILDER)

if(AULA_SANITIZE)
    target_compile_options(aula_compiler_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(aula_compiler_options INTERFACE -fsanitize=address,undefined)
endif()
