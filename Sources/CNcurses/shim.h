// ncursesw, wide-character build. Macros and C globals get static inline wrappers here, because
// Swift 6 cannot read C globals (shared mutable state) or function-like macros.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Globals.
static inline WINDOW *fmnist_stdscr(void) { return stdscr; }
static inline int fmnist_lines(void) { return LINES; }
static inline int fmnist_cols(void) { return COLS; }
static inline int fmnist_colors(void) { return COLORS; }
static inline int fmnist_color_pairs(void) { return COLOR_PAIRS; }

// A screen on the process's own stdin/stdout (NULL when the terminal type is unknown),
// unlike initscr, which exits the process on failure.
static inline SCREEN *fmnist_newterm(void) { return newterm(NULL, stdout, stdin); }

// Whether the current locale's character set is UTF-8 (call after setlocale).
static inline int fmnist_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

// Status and key codes.
static inline int fmnist_ok(void) { return OK; }
static inline int fmnist_err(void) { return ERR; }
static inline int fmnist_key_code_yes(void) { return KEY_CODE_YES; }
static inline int fmnist_key_resize(void) { return KEY_RESIZE; }
static inline int fmnist_key_btab(void) { return KEY_BTAB; }
static inline int fmnist_key_up(void) { return KEY_UP; }
static inline int fmnist_key_down(void) { return KEY_DOWN; }
static inline int fmnist_key_left(void) { return KEY_LEFT; }
static inline int fmnist_key_right(void) { return KEY_RIGHT; }
static inline int fmnist_key_home(void) { return KEY_HOME; }
static inline int fmnist_key_end(void) { return KEY_END; }
static inline int fmnist_key_ppage(void) { return KEY_PPAGE; }
static inline int fmnist_key_npage(void) { return KEY_NPAGE; }
static inline int fmnist_key_backspace(void) { return KEY_BACKSPACE; }
static inline int fmnist_key_dc(void) { return KEY_DC; }
static inline int fmnist_key_enter(void) { return KEY_ENTER; }
static inline int fmnist_key_f(int n) { return KEY_F(n); }

// Attributes (without colour bits).
static inline attr_t fmnist_attributes(int bold, int dim, int underline, int reverse) {
    attr_t attributes = A_NORMAL;
    if (bold) attributes |= A_BOLD;
    if (dim) attributes |= A_DIM;
    if (underline) attributes |= A_UNDERLINE;
    if (reverse) attributes |= A_REVERSE;
    return attributes;
}

// Puts one cell: up to CCHARW_MAX code points (a base character and combining marks) with
// attributes and an extended colour pair (passed through setcchar's opts, so pairs above
// 32767 work too).
static inline int fmnist_put_cell(WINDOW *window, int y, int x, const wchar_t *text, attr_t attributes, int pair) {
    cchar_t cell;
    int extendedPair = pair;
    if (setcchar(&cell, text, attributes, 0, &extendedPair) == ERR) return ERR;
    return mvwadd_wch(window, y, x, &cell);
}
