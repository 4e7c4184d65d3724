/// Where ucdbg's output goes: stdout, and errors to stderr; while the prompt is shown, above it.
final class Console {
    let style: Style
    var editor: LineEditor?

    init(style: Style) { self.style = style }

    func say(_ text: String) {
        if let editor, editor.isActive {
            editor.printAbove(text)
        } else {
            StandardStream.output.write(text + "\n")
        }
    }

    func error(_ text: String) {
        let coloured = style.red(text)
        if let editor, editor.isActive {
            editor.printAbove(coloured)
        } else {
            StandardStream.error.write(coloured + "\n")
        }
    }
}
